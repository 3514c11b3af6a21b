import { expect, test } from "bun:test";
import { createScratch } from "./cooccurrence-job.ts";
import { accumulateItem } from "./cooccurrence-kernel.ts";
import { selectRow } from "./cooccurrence-select.ts";
import { buildJob } from "./cooccurrence.ts";
import { createHeap, heapDrain } from "./heap.ts";

// users: {0,1,2}, {0,1}, {2,3}; item 2's row: c(2,0)=1, c(2,1)=1, c(2,3)=1
const x = { rows: 3, cols: 4, indptr: new Int32Array([0, 3, 5, 7]), indices: new Int32Array([0, 1, 2, 0, 1, 2, 3]) };

function top(job: ReturnType<typeof buildJob>, i: number, track: boolean) {
  const s = createScratch(4);
  const heap = createHeap(job.topN);
  selectRow(job, s, heap, i, accumulateItem(job, s, i, track));
  const ids = new Int32Array(job.topN);
  const scores = new Float32Array(job.topN);
  heapDrain(heap, ids, scores, 0);
  expect(s.count.every((c) => c === 0)).toBe(true); // scratch left clean either way
  return { ids: [...ids], scores: [...scores] };
}

test("tracked and whole-row selection agree; ties go to the lower id; self excluded", () => {
  const job = buildJob(x, { topN: 3 }, false);
  expect(top(job, 2, true)).toEqual({ ids: [0, 1, 3], scores: [1, 1, 1] });
  expect(top(job, 2, false)).toEqual(top(job, 2, true));
});

test("a transform reorders by score: cosine with a small norm on item 3 ranks it first", () => {
  const rowStat = new Float32Array([2, 2, 2, 0.5]);
  const job = buildJob(x, { topN: 2, transform: { kind: "cosine", rowStat } }, false);
  const r = top(job, 2, false);
  expect(r.ids).toEqual([3, 0]);
  expect(r.scores[0]).toBeCloseTo(1 / (2 * 0.5), 6);
});
