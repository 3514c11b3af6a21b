import { expect, test } from "bun:test";
import { cpuCooccurrenceDense } from "./cooccurrence-dense.ts";

const x = { rows: 3, cols: 4, indptr: new Int32Array([0, 3, 5, 7]), indices: new Int32Array([0, 1, 2, 0, 1, 2, 3]) };

test("binary input gives co-counts, diagonal included", () => {
  expect([...cpuCooccurrenceDense(x)]).toEqual([2, 2, 1, 0, 2, 2, 1, 0, 1, 1, 2, 1, 0, 0, 1, 1]);
});

test("row weights and values multiply in", () => {
  const xv = { ...x, values: new Float32Array([1, 2, 1, 1, 1, 3, 1]) };
  const c = cpuCooccurrenceDense(xv, new Float32Array([1, 10, 1]));
  // C[0,1] = 1·1·2 + 10·1·1 = 12; C[2,3] = 1·3·1 = 3; C[2,2] = 1 + 9 = 10
  expect(c[1]).toBe(12);
  expect(c[2 * 4 + 3]).toBe(3);
  expect(c[2 * 4 + 2]).toBe(10);
});

test("bad weights are a RangeError", () => {
  expect(() => cpuCooccurrenceDense(x, new Float32Array(2))).toThrow(RangeError);
});
