import { describe, expect, test } from "bun:test";
import type { NeighbourLists } from "./neighbour-lists.ts";
import { Rng } from "@shortlist/core-gpu/random";
import { recommend, topK } from "./recommend.ts";
import type { UserHistory } from "./user-history.ts";

// items 0..5; neighbours: 0 → (3: 1.0, 4: 0.5), 1 → (3: 0.2, 5: 0.9), 2 → (4: 1.0)
const lists: NeighbourLists = {
  start: new Int32Array([0, 2, 4, 5, 5, 5, 5]),
  ids: new Int32Array([3, 4, 3, 5, 4]),
  scores: new Float32Array([1, 0.5, 0.2, 0.9, 1]),
};
// user 0: most recent first 1, 0, 2; user 1: only item 3 (no neighbours)
const history: UserHistory = { start: new Int32Array([0, 3, 4]), items: new Int32Array([1, 0, 2, 3]) };
const rows = (r: ReturnType<typeof recommend>) => Array.from(r.user, (u, i) => [u, r.rank[i], r.item[i], Number(r.score[i]!.toFixed(4))]);

describe("recommend", () => {
  test("sums reciprocal-recency-weighted neighbour scores of the triggers", () => {
    const r = recommend(history, lists, 6, { triggers: 3, k: 5, recency: "reciprocal", excludeSeen: true, normalize: "none" });
    // trigger 1 (w 1): 3 += 0.2, 5 += 0.9; trigger 0 (w 1/2): 3 += 0.5, 4 += 0.25; trigger 2 (w 1/3): 4 += 1/3
    expect(rows(r)).toEqual([[0, 0, 5, 0.9], [0, 1, 3, 0.7], [0, 2, 4, 0.5833]]);
  });

  test("fewer triggers, uniform weights, k, and ties by lower item id", () => {
    const one = recommend(history, lists, 6, { triggers: 1, k: 5, recency: "uniform", excludeSeen: true, normalize: "none" });
    expect(rows(one)).toEqual([[0, 0, 5, 0.9], [0, 1, 3, 0.2]]);
    const tie = recommend({ start: new Int32Array([0, 1]), items: new Int32Array([2]) }, { start: new Int32Array([0, 0, 0, 2, 2, 2]), ids: new Int32Array([4, 1]), scores: new Float32Array([1, 1]) }, 5, { triggers: 5, k: 1, recency: "uniform", excludeSeen: true, normalize: "none" });
    expect(rows(tie)).toEqual([[0, 0, 1, 1]]);
  });

  test("max normalisation puts every trigger's list on a scale of 1", () => {
    // trigger 1's list (best 0.9) and trigger 0's list (best 1.0): 5 = 1, 3 = 0.2/0.9 + 1/1, 4 = 0.5/1
    const r = recommend(history, lists, 6, { triggers: 2, k: 5, recency: "uniform", excludeSeen: true, normalize: "max" });
    expect(rows(r)).toEqual([[0, 0, 3, 1.2222], [0, 1, 5, 1], [0, 2, 4, 0.5]]);
  });

  test("seen items are excluded unless asked otherwise; extra excluded tables apply per user", () => {
    // user 0 has seen 0, 1, 2; make item 0 a neighbour of item 2
    const withSeen: NeighbourLists = { start: new Int32Array([0, 0, 0, 2, 2, 2, 2]), ids: new Int32Array([0, 4]), scores: new Float32Array([2, 1]) };
    const h: UserHistory = { start: new Int32Array([0, 3]), items: new Int32Array([2, 1, 0]) };
    expect(rows(recommend(h, withSeen, 6, { triggers: 1, k: 5, recency: "uniform", excludeSeen: true, normalize: "none" }))).toEqual([[0, 0, 4, 1]]);
    expect(rows(recommend(h, withSeen, 6, { triggers: 1, k: 5, recency: "uniform", excludeSeen: false, normalize: "none" }))).toEqual([[0, 0, 0, 2], [0, 1, 4, 1]]);
    const valid: UserHistory = { start: new Int32Array([0, 1]), items: new Int32Array([4]) };
    expect(rows(recommend(h, withSeen, 6, { triggers: 1, k: 5, recency: "uniform", excludeSeen: true, normalize: "none" }, [valid]))).toEqual([]);
  });
});

describe("topK", () => {
  test("equals a full sort (score descending, ties by lower id) on random candidates with ties", () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 200; trial++) {
      const nItems = 1 + rng.int(60);
      const acc = Float64Array.from({ length: nItems }, () => rng.int(6) / 2); // few distinct values: many ties
      const n = rng.int(nItems + 1);
      const cand = Int32Array.from({ length: nItems }, (_, i) => i);
      for (let i = nItems - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [cand[i], cand[j]] = [cand[j]!, cand[i]!];
      }
      const k = 1 + rng.int(12);
      const best = new Int32Array(k);
      const m = topK(cand, n, acc, k, best);
      const want = Array.from(cand.subarray(0, n)).sort((a, b) => acc[b]! - acc[a]! || a - b).slice(0, k);
      expect(Array.from(best.subarray(0, m))).toEqual(want);
    }
  });
});
