/**
 * Item-to-item recommendations for every user: the user's `triggers` most recent items (0 = all)
 * each vote for their neighbours with weight(position) × similarity, position 0 being the most recent;
 * items the user has seen (and any extra excluded ones) are skipped; the top `k` by summed score
 * remain, ties by lower item id. Per user the work is triggers × neighbours, never nItems.
 */
import type { NeighbourLists } from "./neighbour-lists.ts";
import type { UserHistory } from "./user-history.ts";

export type Recency = "reciprocal" | "sqrt" | "uniform";

/** weight(p) = (1+p)^−exponent: 1/(1+p), 1/√(1+p), 1. */
const RECENCY_EXPONENT: Record<Recency, number> = { reciprocal: 1, sqrt: 0.5, uniform: 0 };
export type Normalize = "none" | "max";

export interface RecommendOptions {
  /** Most recent distinct items per user that vote; 0 = every item. */
  triggers: number;
  k: number;
  /** "reciprocal": 1/(1+position) (MetaSpore's online weight); "sqrt": 1/√(1+position); "uniform": 1. */
  recency: Recency;
  excludeSeen: boolean;
  /**
   * "max": each trigger's neighbour scores are divided by its best one, so every trigger votes
   * on the same scale (Swing scores grow with an item's popularity; cosine ones do not).
   */
  normalize: Normalize;
}

/** Recommendations over dense ids, long form, sorted by user then rank. */
export interface DenseRecs {
  user: Int32Array;
  rank: Int32Array;
  item: Int32Array;
  score: Float32Array;
}

/**
 * Scores every user of `history` (dense users 0..n−1).
 * @example
 * const recs = recommend(history, lists, nItems, { triggers: 20, k: 20, recency: "reciprocal", excludeSeen: true, normalize: "none" });
 */
export function recommend(history: UserHistory, lists: NeighbourLists, nItems: number, o: RecommendOptions, extraExcluded: UserHistory[] = []): DenseRecs {
  const nUsers = history.start.length - 1;
  const acc = new Float64Array(nItems);
  const touched = new Int32Array(nItems);
  // Stamps hold the last user that touched / banned an item: no clearing between users.
  const stamp = new Int32Array(nItems).fill(-1);
  const banned = new Int32Array(nItems).fill(-1);
  const exponent = RECENCY_EXPONENT[o.recency];
  const scale = o.normalize === "max" ? Float64Array.from({ length: nItems }, (_, t) => 1 / maxScore(lists, t)) : undefined;
  const out = { user: [] as number[], rank: [] as number[], item: [] as number[], score: [] as number[] };
  for (let d = 0; d < nUsers; d++) {
    const from = history.start[d]!;
    const to = history.start[d + 1]!;
    if (o.excludeSeen) for (let p = from; p < to; p++) banned[history.items[p]!] = d;
    for (const ex of extraExcluded) for (let p = ex.start[d]!; p < ex.start[d + 1]!; p++) banned[ex.items[p]!] = d;
    let nt = 0;
    const last = o.triggers === 0 ? to : Math.min(to, from + o.triggers);
    for (let p = from; p < last; p++) {
      const t = history.items[p]!;
      let w = exponent === 0 ? 1 : exponent === 1 ? 1 / (1 + p - from) : (1 + p - from) ** -exponent;
      if (scale) w *= scale[t]!;
      for (let q = lists.start[t]!; q < lists.start[t + 1]!; q++) {
        const j = lists.ids[q]!;
        if (banned[j] === d) continue;
        if (stamp[j] !== d) {
          stamp[j] = d;
          acc[j] = 0;
          touched[nt++] = j;
        }
        acc[j]! += w * lists.scores[q]!;
      }
    }
    const cand = Array.from(touched.subarray(0, nt));
    cand.sort((a, b) => acc[b]! - acc[a]! || a - b);
    for (let r = 0; r < Math.min(o.k, cand.length); r++) {
      out.user.push(d);
      out.rank.push(r);
      out.item.push(cand[r]!);
      out.score.push(acc[cand[r]!]!);
    }
  }
  return { user: Int32Array.from(out.user), rank: Int32Array.from(out.rank), item: Int32Array.from(out.item), score: Float32Array.from(out.score) };
}

/** The largest score in item t's list (1 for an empty list or a non-positive maximum). */
function maxScore(lists: NeighbourLists, t: number): number {
  let m = -Infinity;
  for (let q = lists.start[t]!; q < lists.start[t + 1]!; q++) m = Math.max(m, lists.scores[q]!);
  return m > 0 ? m : 1;
}
