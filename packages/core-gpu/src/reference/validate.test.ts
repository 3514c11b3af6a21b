import { expect, test } from "bun:test";
import { checkCsr, checkIds, checkMatmul, checkTable, checkTopK } from "./validate.ts";

const csr = (indptr: number[], indices: number[], cols = 4) => ({
  rows: indptr.length - 1, cols, indptr: Int32Array.from(indptr), indices: Int32Array.from(indices),
});

test("checkCsr accepts well-formed matrices and names what is wrong otherwise", () => {
  expect(() => checkCsr(csr([0, 2, 2, 3], [0, 3, 1]), "x")).not.toThrow();
  expect(() => checkCsr(csr([1, 2], [0, 1]), "x")).toThrow(/indptr\[0\]: found 1, expected 0/);
  expect(() => checkCsr(csr([0, 2], [1, 1]), "x")).toThrow(/sorted unique/);
  expect(() => checkCsr(csr([0, 1], [4]), "x")).toThrow(/\[0, 4\)/);
  expect(() => checkCsr(csr([0, 2, 1, 2], [0, 1]), "x")).toThrow(RangeError);
  expect(() => checkCsr(csr([0, 1], [0]), "x", { rows: 2, cols: 4 })).toThrow(/shape: found 1×4, expected 2×4/);
});

test("ids, tables, matmul and topK shapes", () => {
  expect(() => checkIds(new Int32Array([0, 2]), 3, "ids")).not.toThrow();
  expect(() => checkIds(new Int32Array([0, 3]), 3, "ids")).toThrow(/ids\[1\]: found 3/);
  expect(checkTable(new Float32Array(6), 3, "t")).toBe(2);
  expect(() => checkTable(new Float32Array(6), 0, "t")).toThrow(RangeError);
  expect(checkMatmul(new Float32Array(12), new Float32Array(12), { m: 2, n: 2, k: 3, batch: 2 })).toBe(2);
  expect(() => checkMatmul(new Float32Array(6), new Float32Array(6), { m: 2, n: 2, k: 3, bias: new Float32Array(3) })).toThrow(/bias/);
  expect(() => checkMatmul(new Float32Array(6), new Float32Array(6), { m: 2.5, n: 2, k: 3 })).toThrow(/non-negative integer/);
  expect(() => checkTopK(new Float32Array(5), 2, 3, 1)).toThrow(/rows·cols = 6/);
});
