/**
 * Exclusion lists (a rows×cols CSR of entries to skip) cut to the row blocks and column spans
 * the top-K kernels work on.
 */
import type { Csr } from "../types.ts";
import type { Span } from "./dispatch-grid.ts";
import type { OpContext } from "./op-context.ts";
import type { ExclusionSlices } from "./topk-kernel.ts";

/**
 * The entries of `x` whose column lies in [c0, c1), as a CSR of the same shape (columns keep
 * their global numbers). Rows are sorted, so each row's range is found by binary search.
 * @example
 * restrictColumns(x, 100, 200).indices; // only columns 100..199
 */
export function restrictColumns(x: Csr, c0: number, c1: number): Csr {
  const indptr = new Int32Array(x.rows + 1);
  const parts: Int32Array[] = [];
  for (let r = 0; r < x.rows; r++) {
    const lo = lowerBound(x.indices, x.indptr[r]!, x.indptr[r + 1]!, c0);
    const hi = lowerBound(x.indices, lo, x.indptr[r + 1]!, c1);
    parts.push(x.indices.subarray(lo, hi));
    indptr[r + 1] = indptr[r]! + (hi - lo);
  }
  const indices = new Int32Array(indptr[x.rows]!);
  let at = 0;
  for (const p of parts) {
    indices.set(p, at);
    at += p.length;
  }
  return { rows: x.rows, cols: x.cols, indptr, indices };
}

function lowerBound(a: Int32Array, lo: number, hi: number, v: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Splits rows [0, rows) into blocks of at most `maxRows` rows whose entries in `x` (if given)
 * total at most `maxNnz`; a single row above maxNnz still gets a block of its own.
 * @example
 * rowBlocks(1000, 256, x, 1 << 20);
 */
export function rowBlocks(rows: number, maxRows: number, x: Csr | undefined, maxNnz: number): Span[] {
  const out: Span[] = [];
  let start = 0;
  while (start < rows) {
    let end = Math.min(rows, start + Math.max(1, maxRows));
    if (x) {
      const base = x.indptr[start]!;
      while (end > start + 1 && x.indptr[end]! - base > maxNnz) end--;
    }
    out.push({ start, end });
    start = end;
  }
  return out;
}

/**
 * Uploads the exclusions of rows [r0, r1): indptr as a view (values offset by the returned
 * base) and the rows' indices.
 * @example
 * const ex = uploadExclusions(ctx, x, 0, 128);
 */
export function uploadExclusions(ctx: OpContext, x: Csr, r0: number, r1: number): ExclusionSlices {
  const base = x.indptr[r0]!;
  return {
    indptr: ctx.upload(x.indptr.subarray(r0, r1 + 1)),
    indices: ctx.upload(x.indices.subarray(base, x.indptr[r1]!)),
    base,
  };
}

/**
 * Returns the slices of uploadExclusions to the pool.
 * @example
 * releaseExclusions(ctx, ex);
 */
export function releaseExclusions(ctx: OpContext, ex: ExclusionSlices): void {
  ctx.release(ex.indptr);
  ctx.release(ex.indices);
}
