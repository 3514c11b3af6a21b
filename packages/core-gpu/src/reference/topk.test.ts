import { describe, expect, test } from "bun:test";
import { referenceScoreTopK, referenceTopK } from "./topk.ts";

const csr = (rows: number, cols: number, lists: number[][]) => {
  const indptr = new Int32Array(rows + 1);
  lists.forEach((l, r) => (indptr[r + 1] = indptr[r]! + l.length));
  return { rows, cols, indptr, indices: Int32Array.from(lists.flat()) };
};

describe("referenceTopK", () => {
  test("sorts descending with ties by lower column", () => {
    const r = referenceTopK(new Float32Array([1, 5, 3, 5, 0]), 1, 5, 3);
    expect([...r.ids]).toEqual([1, 3, 2]);
    expect([...r.scores]).toEqual([5, 5, 3]);
  });
  test("k larger than the row pads with -1 / -Infinity", () => {
    const r = referenceTopK(new Float32Array([2, 1]), 1, 2, 4);
    expect([...r.ids]).toEqual([0, 1, -1, -1]);
    expect([...r.scores]).toEqual([2, 1, -Infinity, -Infinity]);
  });
  test("exclusion removes entries per row; NaN is never selected", () => {
    const r = referenceTopK(new Float32Array([9, 8, 7, NaN, 1, 2]), 2, 3, 2, csr(2, 3, [[0], []]));
    expect([...r.ids]).toEqual([1, 2, 2, 1]);
  });
  test("rejects a wrong score length", () => {
    expect(() => referenceTopK(new Float32Array(5), 2, 3, 1)).toThrow(RangeError);
  });
});

describe("referenceScoreTopK", () => {
  test("scores are Q·Kᵀ", () => {
    // q = [1, 2]; keys = [1,0], [0,1], [1,1] → scores 1, 2, 3
    const r = referenceScoreTopK(new Float32Array([1, 2]), 1, new Float32Array([1, 0, 0, 1, 1, 1]), 3, 2, 2);
    expect([...r.ids]).toEqual([2, 1]);
    expect([...r.scores]).toEqual([3, 2]);
  });
});
