/**
 * One ranked list's metrics at every cut-off K = 1…maxK, in a single walk down the list: the
 * metric@K curve costs one pass instead of one pass per K. Same definitions as `scoreList`
 * (list-metrics.ts), so the curve at K equals `scoreList(…, K)` exactly.
 */
import { discount } from "./list-metrics.ts";

export type CurveMetric = "recall" | "precision" | "hit" | "mrr" | "ndcg" | "map";
export const CURVE_METRICS: readonly CurveMetric[] = ["recall", "precision", "hit", "mrr", "ndcg", "map"];

/** Per metric, the sum over lists at each K (index K − 1). */
export type CurveSums = Record<CurveMetric, Float64Array>;

/** @example const sums = curveSums(100) */
export function curveSums(maxK: number): CurveSums {
  return Object.fromEntries(CURVE_METRICS.map((m) => [m, new Float64Array(maxK)])) as CurveSums;
}

/**
 * Adds one list's metric@K for K = 1…maxK into `sums`; a list with no relevant item adds nothing
 * (its metrics are 0). Positions past the list's end keep their hits: precision keeps falling as
 * hits / K, as in scoreList.
 * @example
 * const s = curveSums(2);
 * addListCurve([5, 3], (i) => i === 3, 1, 2, s); // s.recall → [0, 1], s.mrr → [0, 0.5]
 */
export function addListCurve(ranked: ArrayLike<number>, isRelevant: (item: number) => boolean, relevantCount: number, maxK: number, sums: CurveSums): void {
  if (relevantCount <= 0) return;
  let hits = 0, dcg = 0, rr = 0, precSum = 0, idcg = 0;
  const counted: number[] = []; // an item listed twice scores once; lists are short
  for (let i = 0; i < maxK; i++) {
    if (i < ranked.length) {
      const item = ranked[i]!;
      if (isRelevant(item) && !counted.includes(item)) {
        counted.push(item);
        hits++;
        dcg += discount(i);
        if (rr === 0) rr = 1 / (i + 1);
        precSum += hits / (i + 1);
      }
    }
    if (i < relevantCount) idcg += discount(i);
    const k = i + 1;
    sums.recall[i]! += hits / relevantCount;
    sums.precision[i]! += hits / k;
    sums.hit[i]! += hits > 0 ? 1 : 0;
    sums.mrr[i]! += rr;
    sums.ndcg[i]! += dcg / idcg;
    sums.map[i]! += precSum / Math.min(k, relevantCount);
  }
}
