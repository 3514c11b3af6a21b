/**
 * Mean top-K metrics over users: recommendation lists (long form, as in `recs.<algo>` tables)
 * against held-out items (as in `split.test`).
 */
import { groupByUser } from "./group-by-user.ts";
import { scoreList, type ListScores } from "./list-metrics.ts";

export type TopKMetric = "recall" | "precision" | "ndcg" | "hit" | "mrr" | "map" | "coverage";
export const TOP_K_METRICS: readonly TopKMetric[] = ["recall", "precision", "ndcg", "hit", "mrr", "map", "coverage"];

export interface TopKOptions {
  ks: readonly number[];
  metrics?: readonly TopKMetric[];
  /**
   * Users that have recommendations but no held-out item: "skip" leaves them out of the mean
   * (RecBole full ranking: only users with test items are evaluated); "zero" averages them in as 0
   * (Spark RankingMetrics, which MetaSpore uses, logs a warning and scores them 0).
   */
  usersWithoutTruth?: "skip" | "zero";
  /** Catalogue size for coverage; default: distinct items in recommendations ∪ truth. */
  catalogueSize?: number;
}

export interface TopKResult {
  /** "recall@10" → value, for each requested metric and K. */
  values: Record<string, number>;
  /** Users that entered the means. */
  users: number;
}

/**
 * Evaluates top-K lists. Users with held-out items but no recommendations score 0 (an empty list).
 * Item coverage@K = distinct items in the evaluated users' top-K / catalogue size (RecBole `ItemCoverage`).
 * @example
 * evaluateTopK(
 *   { user: new Int32Array([1, 1]), item: new Int32Array([10, 11]) },
 *   { user: new Int32Array([1]), item: new Int32Array([11]) },
 *   { ks: [1, 2] },
 * ).values["recall@2"] // 1
 */
export function evaluateTopK(
  recs: { user: Int32Array; item: Int32Array; rank?: Int32Array },
  truth: { user: Int32Array; item: Int32Array },
  options: TopKOptions,
): TopKResult {
  const metrics = options.metrics ?? TOP_K_METRICS;
  const ks = [...options.ks];
  for (const k of ks) if (!Number.isInteger(k) || k < 1) throw new Error(`K must be a positive integer, got ${k}`);
  const lists = groupByUser(recs.user, recs.item, recs.rank);
  const held = groupByUser(truth.user, truth.item);
  const heldIndex = new Map<number, number>();
  held.users.forEach((u, j) => heldIndex.set(u, j));
  const recIndex = new Map<number, number>();
  lists.users.forEach((u, j) => recIndex.set(u, j));

  // Evaluated users: every user with truth, plus (for "zero") users with only recommendations.
  const evaluated: number[] = Array.from(held.users);
  if (options.usersWithoutTruth === "zero") for (const u of lists.users) if (!heldIndex.has(u)) evaluated.push(u);

  const sums = ks.map(() => ({ recall: 0, precision: 0, hit: 0, mrr: 0, ndcg: 0, map: 0 }));
  const covered = ks.map(() => new Set<number>());
  const empty = new Int32Array(0);
  for (const u of evaluated) {
    const h = heldIndex.get(u);
    const relevant = h === undefined ? new Set<number>() : new Set(held.items.subarray(held.start[h]!, held.start[h + 1]!));
    const r = recIndex.get(u);
    const ranked = r === undefined ? empty : lists.items.subarray(lists.start[r]!, lists.start[r + 1]!);
    ks.forEach((k, ki) => {
      const s: ListScores = scoreList(ranked, (i) => relevant.has(i), relevant.size, k);
      const acc = sums[ki]!;
      acc.recall += s.recall;
      acc.precision += s.precision;
      acc.hit += s.hit;
      acc.mrr += s.mrr;
      acc.ndcg += s.ndcg;
      acc.map += s.map;
      const c = covered[ki]!;
      for (let i = 0; i < Math.min(k, ranked.length); i++) c.add(ranked[i]!);
    });
  }
  const catalogue = options.catalogueSize ?? distinctCount(recs.item, truth.item);
  const n = evaluated.length;
  const values: Record<string, number> = {};
  ks.forEach((k, ki) => {
    const acc = sums[ki]!;
    for (const m of metrics) {
      values[`${m}@${k}`] = m === "coverage" ? (catalogue > 0 ? covered[ki]!.size / catalogue : 0) : n > 0 ? acc[m] / n : 0;
    }
  });
  return { values, users: n };
}

function distinctCount(a: Int32Array, b: Int32Array): number {
  const seen = new Set<number>();
  for (const x of a) seen.add(x);
  for (const x of b) seen.add(x);
  return seen.size;
}
