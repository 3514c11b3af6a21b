/** Input checks of the Swing kernels: every backend calls them before touching any output. */
import type { Csr } from "../types.ts";
import { checkCount, checkCsr, checkItemRange, checkLength } from "../reference/validate.ts";
import { transposePattern } from "./transpose.ts";
import type { SwingOptions } from "./types.ts";

/**
 * Checks `x` and the options and returns the item×user lists to use (the given ones, or the
 * transpose of x). Throws a RangeError naming what was found and what was expected.
 * @example
 * const itemUsers = checkSwing(x, { topN: 20, alpha: 1 });
 */
export function checkSwing(x: Csr, o: SwingOptions): Csr {
  checkCsr(x, "swing x");
  checkCount("swing topN", o.topN);
  if (!(o.alpha >= 0) || !Number.isFinite(o.alpha)) throw new RangeError(`swing alpha: found ${o.alpha}, expected a finite number ≥ 0`);
  checkWeights(o.userWeights, x.rows, "swing userWeights");
  checkWeights(o.candidateWeights, x.cols, "swing candidateWeights");
  if (o.blockItems !== undefined && (!Number.isInteger(o.blockItems) || o.blockItems < 1)) {
    throw new RangeError(`swing blockItems: found ${o.blockItems}, expected a positive integer`);
  }
  checkItemRange(o.items, x.cols, "swing items");
  if (!o.itemUsers) return transposePattern(x);
  const iu = o.itemUsers;
  checkCsr(iu, "swing itemUsers", { rows: x.cols, cols: x.rows });
  checkMembership(x, iu);
  return iu;
}

/**
 * The dense item range [from, to) a (checked) Swing call computes: `o.items`, or every item.
 * @example
 * const { from, to } = swingItemRange(x, { topN: 20, alpha: 1, items: { from: 0, to: 100 } });
 */
export function swingItemRange(x: Csr, o: SwingOptions): { from: number; to: number } {
  return checkItemRange(o.items, x.cols, "swing items");
}

/** Optional weights: one per row (or column), each finite and > 0. */
function checkWeights(w: Float32Array | undefined, n: number, what: string): void {
  checkLength(w, n, what);
  if (!w) return;
  for (let i = 0; i < w.length; i++) {
    if (!(w[i]! > 0) || !Number.isFinite(w[i]!)) throw new RangeError(`${what}[${i}]: found ${w[i]}, expected a finite number > 0`);
  }
}

/** Every listed user of item i must have item i, so that each pair overlaps in at least one item. */
function checkMembership(x: Csr, iu: Csr): void {
  const full = transposePattern(x);
  for (let i = 0; i < iu.rows; i++) {
    let q = full.indptr[i]!;
    const qEnd = full.indptr[i + 1]!;
    for (let p = iu.indptr[i]!; p < iu.indptr[i + 1]!; p++) {
      const u = iu.indices[p]!;
      while (q < qEnd && full.indices[q]! < u) q++;
      if (q === qEnd || full.indices[q] !== u) {
        throw new RangeError(`swing itemUsers row ${i}: found user ${u}, expected only users that have item ${i} in x`);
      }
    }
  }
}
