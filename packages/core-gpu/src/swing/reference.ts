/**
 * Reference Swing: the formula as written, one user pair at a time (as Flink ML's Swing does):
 * for every item i and every pair {u, v} of its users, intersect I_u and I_v and add the pair's
 * weight to every other item of the intersection. f64 throughout; slow and obviously right.
 */
import { emptyTopK, writeRowTopK } from "../reference/topk.ts";
import type { Csr, TopK } from "../types.ts";
import type { SwingOptions } from "./types.ts";
import { checkSwing, swingItemRange } from "./validate.ts";

/** Items common to rows u and v of x (both sorted ascending). */
function intersect(x: Csr, u: number, v: number): number[] {
  const out: number[] = [];
  let p = x.indptr[u]!;
  let q = x.indptr[v]!;
  const pe = x.indptr[u + 1]!;
  const qe = x.indptr[v + 1]!;
  while (p < pe && q < qe) {
    const a = x.indices[p]!;
    const b = x.indices[q]!;
    if (a === b) {
      out.push(a);
      p++;
      q++;
    } else if (a < b) p++;
    else q++;
  }
  return out;
}

/**
 * Per item of `o.items` (all by default), the topN items by Swing score (see types.ts).
 * @example
 * // users 0 and 1 both have items 0 and 1: s(0,1) = 2 · 1·1 / (1 + 2)
 * const x = { rows: 2, cols: 2, indptr: new Int32Array([0, 2, 4]), indices: new Int32Array([0, 1, 0, 1]) };
 * referenceSwingTopN(x, { topN: 1, alpha: 1 }).scores; // [0.6666667, 0.6666667]
 */
export function referenceSwingTopN(x: Csr, o: SwingOptions): TopK {
  const itemUsers = checkSwing(x, o);
  const { from, to } = swingItemRange(x, o);
  const w = (u: number) => (o.userWeights ? o.userWeights[u]! : 1);
  const out = emptyTopK(to - from, o.topN);
  for (let i = from; i < to; i++) {
    const users = Array.from(itemUsers.indices.subarray(itemUsers.indptr[i]!, itemUsers.indptr[i + 1]!));
    const score = new Map<number, number>();
    for (let a = 0; a < users.length; a++) {
      for (let b = a + 1; b < users.length; b++) {
        const u = users[a]!;
        const v = users[b]!;
        const common = intersect(x, u, v);
        // Ordered pairs (u, v) and (v, u) contribute alike: hence the 2.
        const k = (2 * w(u) * w(v)) / (o.alpha + common.length);
        for (const j of common) if (j !== i) score.set(j, (score.get(j) ?? 0) + k);
      }
    }
    const c = (j: number) => (o.candidateWeights ? o.candidateWeights[j]! : 1);
    writeRowTopK(out, i - from, [...score.keys()], (j) => score.get(j)! * c(j));
    o.onProgress?.(i + 1 - from, to - from);
  }
  return out;
}
