import { expect, test } from "bun:test";
import { referenceCooccurrenceDense, referenceCooccurrenceTopN } from "./cooccurrence.ts";

// users: u0 {0,1,2}, u1 {0,1}, u2 {2,3}
const x = {
  rows: 3, cols: 4,
  indptr: new Int32Array([0, 3, 5, 7]),
  indices: new Int32Array([0, 1, 2, 0, 1, 2, 3]),
};

test("dense co-occurrence counts shared users, diagonal included, with row weights", () => {
  expect([...referenceCooccurrenceDense(x)]).toEqual([2, 2, 1, 0, 2, 2, 1, 0, 1, 1, 2, 1, 0, 0, 1, 1]);
  const w = new Float32Array([1, 10, 100]);
  expect([...referenceCooccurrenceDense(x, w)].slice(0, 4)).toEqual([11, 11, 1, 0]);
});

test("top-N excludes self pairs, never-co-occurring items, and honours minCount", () => {
  const r = referenceCooccurrenceTopN(x, { topN: 3 });
  expect([...r.ids]).toEqual([1, 2, -1, 0, 2, -1, 0, 1, 3, 2, -1, -1]);
  const m = referenceCooccurrenceTopN(x, { topN: 2, minCount: 2 });
  expect([...m.ids]).toEqual([1, -1, 0, -1, -1, -1, -1, -1]);
});

test("cosine and jaccard transforms use the caller's rowStat", () => {
  const counts = new Float32Array([2, 2, 2, 1]);
  const cos = referenceCooccurrenceTopN(x, { topN: 1, transform: { kind: "cosine", rowStat: counts.map(Math.sqrt) } });
  // item 3: only neighbour 2 with c=1 → 1/(√1·√2)
  expect(cos.ids[3]).toBe(2);
  expect(cos.scores[3]).toBeCloseTo(1 / Math.SQRT2, 6);
  const jac = referenceCooccurrenceTopN(x, { topN: 1, transform: { kind: "jaccard", rowStat: counts } });
  expect(jac.scores[0]).toBeCloseTo(2 / (2 + 2 - 2), 6); // items 0,1 share both users
  expect(jac.scores[3]).toBeCloseTo(1 / (1 + 2 - 1), 6);
});

test("asymmetric transform with alpha and shrink", () => {
  const stat = new Float32Array([2, 2, 2, 1]);
  const r = referenceCooccurrenceTopN(x, { topN: 1, transform: { kind: "asymmetric", rowStat: stat, alpha: 0.25, shrink: 1 } });
  expect(r.scores[3]).toBeCloseTo(1 / (Math.pow(1, 0.25) * Math.pow(2, 0.75) + 1), 6);
});
