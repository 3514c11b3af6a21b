/**
 * Comparisons for the conformance suite: sums within 1e-5 of the sum of |terms| (the honest
 * bound for f32 dot products), top-K lists exact up to ties.
 */
import type { TopK } from "../types.ts";

/** Relative tolerance against Σ|terms|. */
export const SUM_RTOL = 1e-5;

/**
 * Index of the first element where |got − want| > SUM_RTOL·scale[i] (+ f32 rounding of want),
 * or -1. NaN never matches, so unwritten poisoned outputs are caught.
 * @example
 * firstMismatch(got, want, absSums); // -1 when all match
 */
export function firstMismatch(got: Float32Array, want: Float32Array, scale: ArrayLike<number>): number {
  if (got.length !== want.length) return 0;
  for (let i = 0; i < want.length; i++) {
    const tol = SUM_RTOL * scale[i]! + 1.2e-7 * Math.abs(want[i]!);
    if (!(got[i] === want[i] || Math.abs(got[i]! - want[i]!) <= tol)) return i;
  }
  return -1;
}

/** What a top-K check needs to know about the true scores. */
export interface TopKTruth {
  /** The exact score of candidate `id` in row r (undefined when id is not a candidate: excluded, self, too rare). */
  score(r: number, id: number): number | undefined;
  /** Absolute tolerance of that score. */
  tol(r: number, id: number): number;
}

/**
 * Describes the first way `got` differs from `want` beyond ties and tolerance, or returns null.
 * Per row: the same number of filled slots; every id a distinct valid candidate whose reported
 * score matches its true score; slot scores equal to the reference's within tolerance (so a
 * different id is accepted only when it ties); the backend's own order descending with exact
 * ties by lower id; padding -1 / -Infinity.
 * @example
 * expect(topKMismatch(got, want, truth)).toBeNull();
 */
export function topKMismatch(got: TopK, want: TopK, truth: TopKTruth): string | null {
  if (got.rows !== want.rows || got.k !== want.k) return `shape ${got.rows}×${got.k}, expected ${want.rows}×${want.k}`;
  if (got.ids.length !== want.ids.length || got.scores.length !== want.scores.length) return "array lengths differ";
  const k = want.k;
  for (let r = 0; r < want.rows; r++) {
    const seen = new Set<number>();
    for (let t = 0; t < k; t++) {
      const at = `row ${r} slot ${t}`;
      const gi = got.ids[r * k + t]!;
      const gs = got.scores[r * k + t]!;
      const wi = want.ids[r * k + t]!;
      const ws = want.scores[r * k + t]!;
      if (wi === -1 || gi === -1) {
        if (gi !== wi || gs !== -Infinity) return `${at}: id ${gi} score ${gs}, expected id ${wi} score ${ws}`;
        continue;
      }
      if (seen.has(gi)) return `${at}: id ${gi} repeated`;
      seen.add(gi);
      const truthScore = truth.score(r, gi);
      if (truthScore === undefined) return `${at}: id ${gi} is not a candidate (excluded, self or out of range)`;
      const tolG = truth.tol(r, gi);
      if (!(gs === truthScore || Math.abs(gs - truthScore) <= tolG)) return `${at}: id ${gi} reported score ${gs}, true score ${truthScore}`;
      const tolSlot = tolG + truth.tol(r, wi);
      if (!(gs === ws || Math.abs(gs - ws) <= tolSlot)) return `${at}: score ${gs} (id ${gi}), expected ${ws} (id ${wi})`;
      if (t > 0) {
        const ps = got.scores[r * k + t - 1]!;
        const pi = got.ids[r * k + t - 1]!;
        if (ps < gs || (ps === gs && pi > gi)) return `${at}: order broken (${pi}:${ps} before ${gi}:${gs})`;
      }
    }
  }
  return null;
}

/**
 * Asserts |got − want| ≤ rtol·max(1, |want|) elementwise; equal infinities pass, NaN never
 * does (so unwritten poisoned outputs show). Throws naming the first bad index.
 * @example
 * expectAllClose(await y.read(), await yRef.read(), 1e-5, "relu");
 */
export function expectAllClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol = 1e-5, what = "values"): void {
  if (got.length !== want.length) throw new Error(`${what}: ${got.length} values, expected ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (g === w) continue;
    if (Number.isNaN(g) || Number.isNaN(w) || !(Math.abs(g - w) <= rtol * Math.max(1, Math.abs(w)))) {
      throw new Error(`${what}: index ${i}: got ${g}, expected ${w} (rtol ${rtol})`);
    }
  }
}
