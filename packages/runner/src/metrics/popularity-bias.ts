/**
 * Popularity bias and long tail of recommendation lists, against training popularity:
 *  - avgpop@K   mean training interaction count of the recommended items, over every top-K slot of
 *               the evaluated users (RecBole `AveragePopularity` when lists are full)
 *  - gini@K     Gini coefficient of how often each catalogue item is recommended in those top-K
 *               lists (items never recommended count as 0): 0 = every item equally often, → 1 =
 *               a few items take every slot (RecBole `GiniIndex`)
 *  - longtail@K share of top-K slots holding a long-tail item: one outside the head, the top 20 %
 *               of catalogue items by training interaction count (ties by ascending id; items
 *               never seen in training are long tail)
 */

/** Training popularity: interaction count per item and the head (top share of the catalogue). */
export interface PopularityReference {
  count: Map<number, number>;
  head: Set<number>;
}

export const HEAD_SHARE = 0.2;
export const BIAS_METRICS = ["avgpop", "gini", "longtail"] as const;

/** @example popularityReference(new Int32Array([1, 1, 2, 3, 4])).head // Set {1} (top 20 % of 4 items → 1) */
export function popularityReference(trainItems: ArrayLike<number>, headShare = HEAD_SHARE): PopularityReference {
  const count = new Map<number, number>();
  for (let i = 0; i < trainItems.length; i++) count.set(trainItems[i]!, (count.get(trainItems[i]!) ?? 0) + 1);
  const ranked = [...count.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const head = new Set(ranked.slice(0, Math.ceil(ranked.length * headShare)).map(([item]) => item));
  return { count, head };
}

/**
 * Gini coefficient of non-negative counts (ascending-sorted formula).
 * @example gini([1, 1, 1]) // 0; gini([0, 0, 3]) // 2/3
 */
export function gini(counts: number[]): number {
  const n = counts.length;
  const sorted = [...counts].sort((a, b) => a - b);
  let total = 0, weighted = 0;
  sorted.forEach((c, i) => {
    total += c;
    weighted += (2 * (i + 1) - n - 1) * c;
  });
  return n > 0 && total > 0 ? weighted / (n * total) : 0;
}

/** Accumulates the top-K slots of many lists for one K; `values()` gives the three metrics. */
export class BiasAccumulator {
  private slots = 0;
  private popSum = 0;
  private tail = 0;
  private recCount = new Map<number, number>();
  constructor(private ref: PopularityReference, private k: number) {}

  /** @example acc.add([10, 11, 12]) // counts the first K of them */
  add(ranked: ArrayLike<number>): void {
    for (let i = 0; i < Math.min(this.k, ranked.length); i++) {
      const item = ranked[i]!;
      this.slots++;
      this.popSum += this.ref.count.get(item) ?? 0;
      if (!this.ref.head.has(item)) this.tail++;
      this.recCount.set(item, (this.recCount.get(item) ?? 0) + 1);
    }
  }

  /** @example acc.values() // { avgpop: 312.5, gini: 0.91, longtail: 0.02 } */
  values(): Record<(typeof BIAS_METRICS)[number], number> {
    const counts = [...this.recCount.values()];
    for (const item of this.ref.count.keys()) if (!this.recCount.has(item)) counts.push(0);
    return {
      avgpop: this.slots ? this.popSum / this.slots : 0,
      gini: gini(counts),
      longtail: this.slots ? this.tail / this.slots : 0,
    };
  }
}
