/**
 * Extra negatives for the sampled softmax: drawn uniformly over the catalogue or ∝ training
 * popularity^0.75 (word2vec's unigram^0.75, as Merlin's PopularityBasedSampler), from the
 * cumulative distribution by binary search.
 */
import type { Rng } from "@shortlist/core-gpu/nn";

export interface NegativeSampler {
  /** `n` item indices. */
  draw(rng: Rng, n: number): Int32Array;
  /** The probability of one draw being `item`. */
  probability(item: number): number;
}

/**
 * @example
 * const s = negativeSampler("popularity", counts); const negs = s.draw(rng, 256);
 */
export function negativeSampler(kind: "uniform" | "popularity", counts: Float64Array): NegativeSampler {
  const weights = Float64Array.from(counts, (c) => (kind === "uniform" ? 1 : c ** 0.75));
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => (cumulative[i] = total += w));
  return {
    draw(rng, n) {
      return Int32Array.from({ length: n }, () => {
        const x = rng.float() * total;
        let [lo, hi] = [0, cumulative.length - 1];
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulative[mid]! > x) hi = mid;
          else lo = mid + 1;
        }
        return lo;
      });
    },
    probability: (item) => weights[item]! / total,
  };
}
