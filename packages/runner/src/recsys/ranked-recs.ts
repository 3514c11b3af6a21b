/** A ranker's scores over a candidate table → the `recs.<algo>` table every evaluator and sink reads. */
import { table, type Table } from "../artifacts.ts";
import { UserError } from "../errors.ts";
import { intIds } from "./ids.ts";

/**
 * Keeps each user's `k` best-scored candidates and returns `{ user, rank, item, score }` sorted
 * by user id, then rank (from 1). Ties in score go to the smaller item id, so the order never
 * depends on the candidate table's row order; a NaN score ranks below every number. Rows of a
 * user need not be contiguous. Shared by every `rank.*` stage so ranked lists look exactly like
 * recall lists to `eval.recs` and the sinks.
 * @example
 * const cands = table({ user: Int32Array.of(7, 7, 3), item: Int32Array.of(1, 2, 9) });
 * rankedRecs(cands, Float32Array.of(0.1, 0.9, 0.5), 1);
 * // { user: [3, 7], rank: [1, 1], item: [9, 2], score: [0.5, 0.9] }
 */
export function rankedRecs(candidates: Table, scores: Float32Array | Float64Array, k: number, artifact = "candidates"): Table {
  if (!Number.isInteger(k) || k < 1) throw new UserError(`rankedRecs: k is ${k}; expected a whole number ≥ 1 (the length of each user's list)`);
  if (scores.length !== candidates.length) {
    throw new UserError(`rankedRecs: ${scores.length} scores for the ${candidates.length} rows of ${artifact}; expected one score per candidate row`);
  }
  const user = intIds(candidates, "user", artifact);
  const item = intIds(candidates, "item", artifact);
  // NaN → −∞ once, so the comparator stays a total order.
  const key = Float64Array.from(scores, (s) => (Number.isNaN(s) ? -Infinity : s));
  const order = Int32Array.from({ length: candidates.length }, (_, r) => r);
  order.sort((a, b) => user[a]! - user[b]! || key[b]! - key[a]! || item[a]! - item[b]! || a - b);
  const keep: number[] = [];
  const ranks: number[] = [];
  for (let p = 0, r = 0; p < order.length; p++) {
    const row = order[p]!;
    r = p > 0 && user[order[p - 1]!] === user[row] ? r + 1 : 1;
    if (r <= k) {
      keep.push(row);
      ranks.push(r);
    }
  }
  return table({
    user: Int32Array.from(keep, (r) => user[r]!),
    rank: Int32Array.from(ranks),
    item: Int32Array.from(keep, (r) => item[r]!),
    score: Float32Array.from(keep, (r) => scores[r]!),
  });
}
