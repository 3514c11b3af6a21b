import { expect, test } from "bun:test";
import { referenceMatmul } from "./matmul.ts";

// A = [[1,2,3],[4,5,6]] (2×3), B = [[1,0],[0,1],[1,1]] (3×2) → AB = [[4,5],[10,11]]
const A = new Float32Array([1, 2, 3, 4, 5, 6]);
const At = new Float32Array([1, 4, 2, 5, 3, 6]);
const B = new Float32Array([1, 0, 0, 1, 1, 1]);
const Bt = new Float32Array([1, 0, 1, 0, 1, 1]);

test("plain and transposed operands give the same product", () => {
  const o = { m: 2, n: 2, k: 3 };
  expect([...referenceMatmul(A, B, o)]).toEqual([4, 5, 10, 11]);
  expect([...referenceMatmul(At, B, { ...o, transA: true })]).toEqual([4, 5, 10, 11]);
  expect([...referenceMatmul(A, Bt, { ...o, transB: true })]).toEqual([4, 5, 10, 11]);
});

test("bias then ReLU", () => {
  const r = referenceMatmul(A, B, { m: 2, n: 2, k: 3, bias: new Float32Array([-5, 0]), relu: true });
  expect([...r]).toEqual([0, 5, 5, 11]);
});

test("batched products are independent", () => {
  const a = new Float32Array([...A, ...A.map((v) => -v)]);
  const b = new Float32Array([...B, ...B]);
  expect([...referenceMatmul(a, b, { m: 2, n: 2, k: 3, batch: 2 })]).toEqual([4, 5, 10, 11, -4, -5, -10, -11]);
});

test("wrong lengths throw RangeError", () => {
  expect(() => referenceMatmul(A, B, { m: 2, n: 2, k: 2 })).toThrow(RangeError);
});
