/** Host-side merge of top-K lists computed over disjoint column ranges of the same rows. */
import type { TopK } from "../types.ts";

/** (s1, i1) comes before (s2, i2): higher score, then lower id; id -1 (an empty slot) last. */
function ranksAbove(s1: number, i1: number, s2: number, i2: number): boolean {
  return s1 > s2 || (s1 === s2 && i1 >>> 0 < i2 >>> 0);
}

/**
 * Merges `part` (rows [r0, r0 + part.rows) of the same k, over other columns) into `acc` in place.
 * Both must be sorted; the result keeps the best k of the union, sorted.
 * @example
 * mergeTopKInto(acc, part, 0);
 */
export function mergeTopKInto(acc: TopK, part: TopK, r0: number): void {
  const k = acc.k;
  const s = new Float32Array(k);
  const ids = new Int32Array(k);
  for (let r = 0; r < part.rows; r++) {
    const a = (r0 + r) * k;
    const b = r * k;
    let i = 0;
    let j = 0;
    for (let t = 0; t < k; t++) {
      if (ranksAbove(acc.scores[a + i]!, acc.ids[a + i]!, part.scores[b + j]!, part.ids[b + j]!)) {
        s[t] = acc.scores[a + i]!;
        ids[t] = acc.ids[a + i++]!;
      } else {
        s[t] = part.scores[b + j]!;
        ids[t] = part.ids[b + j++]!;
      }
    }
    acc.scores.set(s, a);
    acc.ids.set(ids, a);
  }
}

/**
 * Writes `part` into rows [r0, r0 + part.rows) of `acc`: merged with what earlier column spans
 * left there when `merge`, else copied (the only span covers every column).
 * @example
 * storeTopK(out, part, block.start, colSpans.length > 1);
 */
export function storeTopK(acc: TopK, part: TopK, r0: number, merge: boolean): void {
  if (merge) {
    mergeTopKInto(acc, part, r0);
    return;
  }
  acc.scores.set(part.scores, r0 * acc.k);
  acc.ids.set(part.ids, r0 * acc.k);
}
