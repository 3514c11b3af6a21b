import { expect, test } from "bun:test";
import { createHeap, heapDrain } from "./heap.ts";
import { cpuTopK, scanRow } from "./topk.ts";

const csr = (rows: number, cols: number, lists: number[][]) => {
  const indptr = new Int32Array(rows + 1);
  lists.forEach((l, r) => (indptr[r + 1] = indptr[r]! + l.length));
  return { rows, cols, indptr, indices: Int32Array.from(lists.flat()) };
};

test("cpuTopK: descending, ties by lower column, exclusions, padding", () => {
  const scores = new Float32Array([1, 5, 5, 3, 0, 2, 2, 2]);
  const r = cpuTopK(scores, 2, 4, 3, csr(2, 4, [[1], []]));
  expect([...r.ids]).toEqual([2, 3, 0, 1, 2, 3]);
  expect([...cpuTopK(new Float32Array([4]), 1, 1, 2).ids]).toEqual([0, -1]);
});

test("scanRow resumes the exclusion list across column blocks", () => {
  const row = new Float32Array([9, 8, 7, 6, 5, 4]);
  const excl = new Int32Array([0, 3, 4]);
  const h = createHeap(3);
  let ex = scanRow(h, row, 0, 3, 0, excl, 0, 3); // columns 0..2
  ex = scanRow(h, row, 3, 3, 3, excl, ex, 3); // columns 3..5
  const ids = new Int32Array(3);
  heapDrain(h, ids, new Float32Array(3), 0);
  expect([...ids]).toEqual([1, 2, 5]);
});
