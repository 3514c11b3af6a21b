/**
 * Top-K metrics of ONE ranked list against one set of relevant (held-out) items.
 *
 * Definitions (hits counted in the first min(K, list length) positions; an item listed twice counts once):
 *  - Recall@K    = hits / |relevant|                          (RecBole `Recall`, Spark `recallAt`)
 *  - Precision@K = hits / K, even when the list is shorter    (RecBole `Precision`, Spark `precisionAt`)
 *  - HitRate@K   = 1 if hits > 0 else 0                        (RecBole `Hit`)
 *  - MRR@K       = 1 / (1-based position of the first hit), 0 without a hit (RecBole `MRR`)
 *  - NDCG@K      = DCG / IDCG, binary gains, DCG = Σ_hits 1/log2(pos+1), IDCG over min(K, |relevant|)
 *                  positions (RecBole `NDCG`, Spark `ndcgAt` without relevance values: same value)
 *  - MAP@K       = Σ_hits Precision@pos / min(K, |relevant|)   (RecBole `MAP`, Spark ≥ 3.0
 *                  `meanAveragePrecisionAt(k)`; Spark's `meanAveragePrecision` without K, which MetaSpore
 *                  reports, divides by |relevant| instead and so reads lower when |relevant| > K)
 * An empty relevant set gives 0 for every metric here; whether such a user enters the mean is the
 * caller's choice (see evaluateTopK).
 */

export interface ListScores {
  hits: number;
  recall: number;
  precision: number;
  hit: number;
  mrr: number;
  ndcg: number;
  map: number;
}

// Cached because every list reuses the same discounts.
const discounts: number[] = [];
/**
 * The NDCG discount 1/log2(i+2) of 0-based position i.
 * @example discount(0) // 1; discount(1) // 1/log2(3) ≈ 0.631
 */
export function discount(i: number): number {
  for (let j = discounts.length; j <= i; j++) discounts.push(1 / Math.log2(j + 2));
  return discounts[i]!;
}

/**
 * Scores one ranked list at cut-off k.
 * @example
 * scoreList([5, 3, 9], (item) => item === 3 || item === 7, 2, 3)
 * // hits 1, recall 0.5, precision 1/3, hit 1, mrr 0.5, ndcg (1/log2 3)/(1 + 1/log2 3), map 0.25
 */
export function scoreList(
  ranked: ArrayLike<number>,
  isRelevant: (item: number) => boolean,
  relevantCount: number,
  k: number,
): ListScores {
  if (!(k >= 1)) throw new Error(`cut-off k must be at least 1, got ${k}`);
  if (relevantCount <= 0) return { hits: 0, recall: 0, precision: 0, hit: 0, mrr: 0, ndcg: 0, map: 0 };
  const n = Math.min(k, ranked.length);
  let hits = 0;
  let dcg = 0;
  let rr = 0;
  let precSum = 0;
  // A duplicated item must not count twice, so remember what already scored (lists are short).
  const counted: number[] = [];
  for (let i = 0; i < n; i++) {
    const item = ranked[i]!;
    if (!isRelevant(item) || counted.includes(item)) continue;
    counted.push(item);
    hits++;
    dcg += discount(i);
    if (rr === 0) rr = 1 / (i + 1);
    precSum += hits / (i + 1);
  }
  let idcg = 0;
  const ideal = Math.min(k, relevantCount);
  for (let i = 0; i < ideal; i++) idcg += discount(i);
  return {
    hits,
    recall: hits / relevantCount,
    precision: hits / k,
    hit: hits > 0 ? 1 : 0,
    mrr: rr,
    ndcg: dcg / idcg,
    map: precSum / ideal,
  };
}
