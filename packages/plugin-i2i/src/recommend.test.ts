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

/** recommend's definition, plainly: per user a Map of sums in trigger order, sorted in full. */
function reference(h: UserHistory, l: NeighbourLists, o: { triggers: number; k: number; recency: "reciprocal" | "sqrt" | "uniform"; excludeSeen: boolean; normalize: "none" | "max" }, extra: UserHistory[]) {
  const e = { reciprocal: 1, sqrt: 0.5, uniform: 0 }[o.recency];
  const rows: number[][] = [];
  for (let d = 0; d + 1 < h.start.length; d++) {
    const own = Array.from(h.items.subarray(h.start[d]!, h.start[d + 1]!));
    const banned = new Set([...(o.excludeSeen ? own : []), ...extra.flatMap((x) => Array.from(x.items.subarray(x.start[d]!, x.start[d + 1]!)))]);
    const sums = new Map<number, number>();
    for (const [p, t] of own.slice(0, o.triggers || own.length).entries()) {
      let w = e === 0 ? 1 : e === 1 ? 1 / (1 + p) : (1 + p) ** -e;
      const list = Array.from({ length: l.start[t + 1]! - l.start[t]! }, (_, i) => l.start[t]! + i);
      const best = Math.max(...list.map((q) => l.scores[q]!));
      if (o.normalize === "max") w *= 1 / (best > 0 ? best : 1);
      for (const q of list) if (!banned.has(l.ids[q]!)) sums.set(l.ids[q]!, (sums.get(l.ids[q]!) ?? 0) + w * l.scores[q]!);
    }
    const top = [...sums].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, o.k);
    top.forEach(([j, s], r) => rows.push([d, r, j, Math.fround(s)]));
  }
  return rows;
}

describe("recommend against its plain definition", () => {
  test("same rows and the same float scores on random data with ties, zeros, dense and sparse users", () => {
    const rng = new Rng(2024);
    for (let round = 0; round < 300; round++) {
      const nItems = 2 + rng.int(40);
      // dense rounds: long lists and histories (votes ≫ items), in some of them every list within the
      // upper half of the items (many votes, the lower half never touched); sparse ones: a neighbour or two
      const dense = rng.int(2) === 0;
      const narrow = dense && rng.int(2) === 0;
      const start = new Int32Array(nItems + 1);
      const ids: number[] = [];
      const scores: number[] = [];
      for (let t = 0; t < nItems; t++) {
        const n = rng.int(dense ? nItems : 3);
        const pool = Array.from({ length: nItems }, (_, j) => j).filter((j) => j !== t && (!narrow || 2 * j >= nItems));
        for (let i = 0; i < n && pool.length; i++) {
          ids.push(pool.splice(rng.int(pool.length), 1)[0]!);
          scores.push(rng.int(4) === 0 ? rng.int(3) / 2 : rng.float()); // ties and zeros
        }
        start[t + 1] = ids.length;
      }
      const lists: NeighbourLists = { start, ids: Int32Array.from(ids), scores: Float32Array.from(scores) };
      const history = (len: number): UserHistory => {
        const nUsers = 1 + rng.int(6);
        const hs = new Int32Array(nUsers + 1);
        const items: number[] = [];
        for (let d = 0; d < nUsers; d++) {
          const pool = Array.from({ length: nItems }, (_, j) => j);
          for (let i = rng.int(len + 1); i > 0 && pool.length; i--) items.push(pool.splice(rng.int(pool.length), 1)[0]!);
          hs[d + 1] = items.length;
        }
        return { start: hs, items: Int32Array.from(items) };
      };
      const h = history(dense ? nItems : 3);
      const extra = rng.int(2) ? [{ ...history(2), start: h.start.map((v, i) => Math.min(v, i)) }] : [];
      extra.forEach((x) => (x.items = Int32Array.from({ length: x.start.at(-1)! }, () => rng.int(nItems))));
      const o = { triggers: rng.int(4) === 0 ? 0 : 1 + rng.int(nItems), k: 1 + rng.int(nItems + 2), recency: (["reciprocal", "sqrt", "uniform"] as const)[rng.int(3)]!, excludeSeen: rng.int(3) > 0, normalize: (["none", "max"] as const)[rng.int(2)]! };
      const r = recommend(h, lists, nItems, o, extra);
      expect(Array.from(r.user, (u, i) => [u, r.rank[i]!, r.item[i]!, r.score[i]!])).toEqual(reference(h, lists, o, extra));
    }
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
