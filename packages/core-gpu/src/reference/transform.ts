/** The PairTransform formulas of types.ts as one function every backend shares. */
import type { PairTransform } from "../types.ts";

/**
 * Returns s(c, i, j) for a transform; rowStat is indexed by item. Division follows IEEE rules
 * (a zero denominator gives ±Infinity or NaN; NaN scores are never selected by top-N).
 * @example
 * const s = pairScorer({ kind: "cosine", rowStat: new Float32Array([2, 4]) });
 * s(4, 0, 1); // 0.5
 */
export function pairScorer(t: PairTransform | undefined): (c: number, i: number, j: number) => number {
  if (!t || t.kind === "none") return (c) => c;
  const rs = t.rowStat;
  const shrink = t.shrink ?? 0;
  switch (t.kind) {
    case "cosine":
      return (c, i, j) => c / (rs[i]! * rs[j]! + shrink);
    case "jaccard":
      return (c, i, j) => c / (rs[i]! + rs[j]! - c + shrink);
    case "asymmetric": {
      const alpha = t.alpha;
      return (c, i, j) => c / (Math.pow(rs[i]!, alpha) * Math.pow(rs[j]!, 1 - alpha) + shrink);
    }
  }
}

/**
 * Checks that a transform's rowStat covers every item.
 * @example
 * checkTransform({ kind: "none" }, 10);
 */
export function checkTransform(t: PairTransform | undefined, nItems: number): void {
  if (!t || t.kind === "none") return;
  if (t.rowStat.length !== nItems) {
    throw new RangeError(`cooccurrence transform rowStat length: found ${t.rowStat.length}, expected nItems = ${nItems}`);
  }
}
