/**
 * Per-item top-N from a block accumulator: one thread per item i of the block scans its row of
 * co-occurrences c(i, j) and co-counts, drops j = i and pairs below minCount, scores the rest
 * with the PairTransform and keeps the best N in a private heap (in rounds for larger N, as in
 * topk-program.ts).
 */
import type { PairTransform } from "../types.ts";
import type { ProgramInfo } from "./program.ts";
import { heapFns, ROUND_BINDINGS, roundLimit, TOPK_WG } from "./topk-program.ts";
import { linearEntry, threadIndex } from "./wgsl.ts";

/**
 * Flag: no co-counts were kept (minCount ≤ 1 and every term positive), so a pair co-occurs
 * exactly when its sum is positive.
 */
export const PRESENCE_FROM_SUM = 4;
/** The accumulator holds the upper triangle of all of C (one block): c(i, j) = c(j, i) for j < i. */
export const SYMMETRIC = 8;

/**
 * WGSL expression of the transformed score from c, ri = rowStat[i], rj = rowStat[j].
 * @example
 * transformExpr("cosine"); // "c / (ri * rj + u.shrink)"
 */
export function transformExpr(kind: PairTransform["kind"]): string {
  switch (kind) {
    case "none":
      return "c";
    case "cosine":
      return "c / (ri * rj + u.shrink)";
    case "jaccard":
      return "c / (ri + rj - c + u.shrink)";
    case "asymmetric":
      return "c / (powJs(ri, u.alpha) * powJs(rj, 1.0 - u.alpha) + u.shrink)";
  }
}

/**
 * The selection program for a transform kind and heap capacity. Bindings: the block's
 * accumulator and co-counts (rows × width), rowStat of the block's items and of the span's
 * columns, then the round bindings; writes k entries per item.
 * @example
 * const p = selectProgram("cosine", 32);
 */
export function selectProgram(kind: PairTransform["kind"], cap: number): ProgramInfo {
  return {
    name: "cooccurrenceTopN",
    cacheKey: `${kind}|heap${cap}`,
    bindings: [
      { name: "acc", type: "array<f32>", access: "read" },
      { name: "cnt", type: "array<u32>", access: "read" },
      { name: "statRows", type: "array<f32>", access: "read" },
      { name: "statCols", type: "array<f32>", access: "read" },
      ...ROUND_BINDINGS,
    ],
    uniforms: [
      ["rows", "u32"], ["width", "u32"], ["b0", "u32"], ["j0", "u32"], ["k", "u32"], ["limWidth", "u32"],
      ["flags", "u32"], ["minCount", "u32"], ["shrink", "f32"], ["alpha", "f32"],
    ],
    body: () => `${heapFns(cap)}
// Math.pow's edge cases that WGSL's pow (exp2(y·log2 x)) gets wrong: x^0 = 1, 0^y.
fn powJs(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (x == 0.0) { return select(posInf(), 0.0, y > 0.0); }
  if (x == 1.0) { return 1.0; }
  return pow(x, y);
}
${linearEntry(TOPK_WG)} {
  let r = ${threadIndex(TOPK_WG)};
  if (r >= u.rows) { return; }
  let item = u.b0 + r;
  ${roundLimit()}
  let ri = statRows[r];
  heapInit(u.k);
  for (var cj = 0u; cj < u.width; cj++) {
    let j = u.j0 + cj;
    let at = select(r * u.width + cj, cj * u.width + r, (u.flags & ${SYMMETRIC}u) != 0u && cj < r);
    if (j == item) { continue; }
    let c = acc[at];
    if ((u.flags & ${PRESENCE_FROM_SUM}u) != 0u) {
      if (!(c > 0.0)) { continue; }
    } else if (cnt[at] < u.minCount) { continue; }
    let rj = statCols[cj];
    let s = ${transformExpr(kind)};
    if (isNan(s)) { continue; }
    if (below && !ranksAbove(limS, limI, s, j)) { continue; }
    heapOffer(s, j, u.k);
  }
  heapSortDesc(u.k);
  for (var t = 0u; t < u.k; t++) { outScores[r * u.k + t] = hs[t]; outIds[r * u.k + t] = hi[t]; }
}`,
  };
}
