/**
 * Mean top-K metrics over users: recommendation lists (long form, as in `recs.<algo>` tables)
 * against held-out items (as in `split.test`).
 */
import { groupByUser } from "./group-by-user.ts";
import { addListCurve, curveSums } from "./list-curve.ts";
import { BiasAccumulator, type PopularityReference } from "./popularity-bias.ts";

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
  /** Also compute every metric at K = 1…curveTo in the same pass (TopKResult.curve). */
  curveTo?: number;
  /** Training popularity: adds avgpop@K, gini@K and longtail@K (popularity-bias.ts). */
  popularity?: PopularityReference;
}

export interface TopKResult {
  /** "recall@10" → value, for each requested metric and K. */
  values: Record<string, number>;
  /** Users that entered the means. */
  users: number;
  /** metric → its value at K = 1…curveTo (index K − 1), when curveTo was given. */
  curve?: { k: number[]; values: Record<string, number[]> };
}

/**
 * Evaluates top-K lists in one pass over the users: each list is walked once to the largest K
 * (list-curve.ts), which gives every requested K and, with `curveTo`, the whole metric@K curve.
 * Users with held-out items but no recommendations score 0 (an empty list).
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
  const curveTo = options.curveTo ?? 0;
  const maxK = Math.max(...ks, curveTo);
  const lists = groupByUser(recs.user, recs.item, recs.rank);
  const held = groupByUser(truth.user, truth.item);
  const heldIndex = new Map<number, number>();
  held.users.forEach((u, j) => heldIndex.set(u, j));
  const recIndex = new Map<number, number>();
  lists.users.forEach((u, j) => recIndex.set(u, j));

  // Evaluated users: every user with truth, plus (for "zero") users with only recommendations.
  const evaluated: number[] = Array.from(held.users);
  if (options.usersWithoutTruth === "zero") for (const u of lists.users) if (!heldIndex.has(u)) evaluated.push(u);

  const sums = curveSums(maxK);
  const firstPosition = new Map<number, number>(); // item → best position in any evaluated top-maxK: coverage at every K
  const bias = options.popularity ? ks.map((k) => new BiasAccumulator(options.popularity!, k)) : [];
  const empty = new Int32Array(0);
  for (const u of evaluated) {
    const h = heldIndex.get(u);
    const relevant = h === undefined ? new Set<number>() : new Set(held.items.subarray(held.start[h]!, held.start[h + 1]!));
    const r = recIndex.get(u);
    const ranked = r === undefined ? empty : lists.items.subarray(lists.start[r]!, lists.start[r + 1]!);
    addListCurve(ranked, (i) => relevant.has(i), relevant.size, maxK, sums);
    for (let i = 0; i < Math.min(maxK, ranked.length); i++) if (!(firstPosition.get(ranked[i]!)! <= i)) firstPosition.set(ranked[i]!, i);
    for (const b of bias) b.add(ranked);
  }
  const catalogue = options.catalogueSize ?? distinctCount(recs.item, truth.item);
  const n = evaluated.length;
  const coveredAt = new Float64Array(maxK); // coveredAt[K-1] = items whose best position < K
  for (const p of firstPosition.values()) coveredAt[p]!++;
  for (let i = 1; i < maxK; i++) coveredAt[i]! += coveredAt[i - 1]!;
  const at = (m: TopKMetric, k: number): number =>
    m === "coverage" ? (catalogue > 0 ? coveredAt[k - 1]! / catalogue : 0) : n > 0 ? sums[m][k - 1]! / n : 0;
  const values: Record<string, number> = {};
  ks.forEach((k, ki) => {
    for (const m of metrics) values[`${m}@${k}`] = at(m, k);
    if (bias[ki]) for (const [m, v] of Object.entries(bias[ki]!.values())) values[`${m}@${k}`] = v;
  });
  const curve = curveTo > 0 ? { k: Array.from({ length: curveTo }, (_, i) => i + 1), values: Object.fromEntries(metrics.map((m) => [m, Array.from({ length: curveTo }, (_, i) => at(m, i + 1))])) } : undefined;
  return { values, users: n, curve };
}

function distinctCount(a: Int32Array, b: Int32Array): number {
  const seen = new Set<number>();
  for (const x of a) seen.add(x);
  for (const x of b) seen.add(x);
  return seen.size;
}
