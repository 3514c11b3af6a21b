/**
 * The per-row top-K kernel: one thread per row scans its columns once, keeping the best K in a
 * private min-heap (root = the worst kept), then heap-sorts them descending. This was the
 * fastest structure on lavapipe. K above 256 runs as rounds (see topk-kernel.ts): round t keeps
 * only candidates ranking below the last entry of round t−1, read from that round's output.
 */
import type { ProgramInfo } from "./program.ts";
import { isNanFn, linearEntry, ranksAboveFn, threadIndex } from "./wgsl.ts";

export const TOPK_WG = 64;
/** Largest heap held in private memory; larger K runs in rounds. */
export const MAX_HEAP = 256;
export const EXCLUDE = 1;
export const BELOW_PREVIOUS = 2;

/**
 * The heap capacity compiled for a round of `k` entries: a power of two ≥ 8, so few pipelines
 * serve every K.
 * @example
 * heapCapacity(10); // 16
 */
export function heapCapacity(k: number): number {
  let c = 8;
  while (c < k) c *= 2;
  return Math.min(c, MAX_HEAP);
}

/**
 * WGSL of a private heap of `cap` entries: `heapInit(k)`, `heapOffer(s, id, k)`,
 * `heapSortDesc(k)`; entries live in `hs`/`hi`, the worst kept at index 0. Also declares
 * `ranksAbove`, `isNan` and `posInf`.
 * @example
 * `${heapFns(16)} ... heapInit(u.k);`
 */
export function heapFns(cap: number): string {
  return `${ranksAboveFn()}
${isNanFn()}
// Infinities from a variable: WGSL rejects them as constant expressions.
var<private> infBits: u32 = 0x7f800000u;
fn posInf() -> f32 { return bitcast<f32>(infBits); }
var<private> hs: array<f32, ${cap}>;
var<private> hi: array<u32, ${cap}>;
fn heapInit(k: u32) {
  for (var t = 0u; t < k; t++) { hs[t] = -posInf(); hi[t] = 0xffffffffu; }
}
// Moves (s, id) down from 'start' within the first n entries: the min-heap sift-down.
fn siftDown(start: u32, s: f32, id: u32, n: u32) {
  var pos = start;
  loop {
    let l = 2u * pos + 1u;
    if (l >= n) { break; }
    var w = l;
    if (l + 1u < n && ranksAbove(hs[l], hi[l], hs[l + 1u], hi[l + 1u])) { w = l + 1u; }
    if (!ranksAbove(s, id, hs[w], hi[w])) { break; }
    hs[pos] = hs[w]; hi[pos] = hi[w];
    pos = w;
  }
  hs[pos] = s; hi[pos] = id;
}
fn heapOffer(s: f32, id: u32, k: u32) {
  if (k > 0u && ranksAbove(s, id, hs[0], hi[0])) { siftDown(0u, s, id, k); }
}
// Heap sort: repeatedly move the worst to the end, leaving the best first.
fn heapSortDesc(k: u32) {
  for (var end = k; end > 1u; end--) {
    let ls = hs[end - 1u]; let li = hi[end - 1u];
    hs[end - 1u] = hs[0]; hi[end - 1u] = hi[0];
    siftDown(0u, ls, li, end - 1u);
  }
}`;
}

/** The storage bindings every selection kernel ends with: previous round, this round. */
export const ROUND_BINDINGS = [
  { name: "limScores", type: "array<f32>", access: "read" },
  { name: "limIds", type: "array<u32>", access: "read" },
  { name: "outScores", type: "array<f32>", access: "read_write" },
  { name: "outIds", type: "array<u32>", access: "read_write" },
] as const;

/**
 * WGSL statements setting `below`, `limS`, `limI` for row `r`: the last entry of the previous
 * round (rows × limWidth) when this is a later round.
 * @example
 * `${roundLimit()} ... if (below && !ranksAbove(limS, limI, s, id)) { continue; }`
 */
export function roundLimit(): string {
  return `let below = (u.flags & ${BELOW_PREVIOUS}u) != 0u;
  var limS = posInf();
  var limI = 0u;
  if (below) { limS = limScores[r * u.limWidth + u.limWidth - 1u]; limI = limIds[r * u.limWidth + u.limWidth - 1u]; }`;
}

/**
 * The top-K program for heap capacity `cap` (heapCapacity). One thread per row of a rows×cols
 * block whose column 0 is global column c0; writes k entries per row (row stride k).
 * @example
 * const p = topKProgram(16);
 */
export function topKProgram(cap: number): ProgramInfo {
  return {
    name: "topK",
    cacheKey: `heap${cap}`,
    bindings: [
      { name: "scores", type: "array<f32>", access: "read" },
      { name: "exIndptr", type: "array<i32>", access: "read" },
      { name: "exIndices", type: "array<i32>", access: "read" },
      ...ROUND_BINDINGS,
    ],
    // exIndptr holds rows+1 entries whose values are offset by exBase into exIndices.
    uniforms: [
      ["rows", "u32"], ["cols", "u32"], ["c0", "u32"], ["k", "u32"],
      ["limWidth", "u32"], ["exBase", "u32"], ["flags", "u32"],
    ],
    body: () => `${heapFns(cap)}
${linearEntry(TOPK_WG)} {
  let r = ${threadIndex(TOPK_WG)};
  if (r >= u.rows) { return; }
  ${roundLimit()}
  heapInit(u.k);
  var p = 0u;
  var pEnd = 0u;
  if ((u.flags & ${EXCLUDE}u) != 0u) { p = u32(exIndptr[r]) - u.exBase; pEnd = u32(exIndptr[r + 1u]) - u.exBase; }
  for (var c = 0u; c < u.cols; c++) {
    let id = u.c0 + c;
    // Exclusions are sorted, so one forward pointer walks them alongside the columns.
    while (p < pEnd && u32(exIndices[p]) < id) { p++; }
    if (p < pEnd && u32(exIndices[p]) == id) { continue; }
    let s = scores[r * u.cols + c];
    if (isNan(s)) { continue; } // NaN is never selected
    if (below && !ranksAbove(limS, limI, s, id)) { continue; }
    heapOffer(s, id, u.k);
  }
  heapSortDesc(u.k);
  for (var t = 0u; t < u.k; t++) { outScores[r * u.k + t] = hs[t]; outIds[r * u.k + t] = hi[t]; }
}`,
  };
}
