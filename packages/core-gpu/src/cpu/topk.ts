/**
 * CPU top-K over dense score rows: one pass per row through a bounded heap. Most candidates fail
 * a single comparison against the current threshold, so the pass runs near memory speed; the
 * exclusion list is consulted only for candidates that would enter the heap.
 */
import type { Csr, TopK } from "../types.ts";
import { checkCsr, checkTopK } from "../reference/validate.ts";
import { createHeap, heapDrain, heapPush, type TopHeap } from "./heap.ts";

/**
 * Offers `scores[base .. base+cols)` (columns colOffset.. of a row) to heap `h`, skipping the
 * columns listed in excl[ex..exEnd) (sorted ascending). Returns the exclusion position reached,
 * so a row split over several blocks resumes where the previous block stopped.
 * @example
 * const h = createHeap(10);
 * scanRow(h, scores, r * cols, cols, 0, undefined, 0, 0);
 */
export function scanRow(
  h: TopHeap, scores: Float32Array, base: number, cols: number, colOffset: number,
  excl: Int32Array | undefined, ex: number, exEnd: number,
): number {
  if (h.k === 0) return ex;
  let threshold = h.size < h.k ? -Infinity : h.scores[0]!;
  for (let c = 0; c < cols; c++) {
    const v = scores[base + c]!;
    // Columns arrive in increasing order, so an equal score later in the row has a higher id
    // and loses: only a strictly greater score (or any non-NaN one while not full) enters.
    if (v > threshold || (h.size < h.k && v === v)) {
      if (excl !== undefined && ex < exEnd) {
        const col = c + colOffset;
        while (ex < exEnd && excl[ex]! < col) ex++;
        if (ex < exEnd && excl[ex] === col) continue;
      }
      threshold = heapPush(h, v, c + colOffset);
    }
  }
  return ex;
}

/**
 * Per-row top-K of a rows×cols score matrix with optional exclusions.
 * @example
 * cpuTopK(new Float32Array([1, 3, 2]), 1, 3, 2); // ids [1, 2]
 */
export function cpuTopK(scores: Float32Array, rows: number, cols: number, k: number, exclude?: Csr): TopK {
  checkTopK(scores, rows, cols, k);
  if (exclude) checkCsr(exclude, "topK exclude", { rows, cols });
  const out: TopK = { rows, k, ids: new Int32Array(rows * k), scores: new Float32Array(rows * k) };
  const h = createHeap(k);
  for (let r = 0; r < rows; r++) {
    const exStart = exclude ? exclude.indptr[r]! : 0;
    const exEnd = exclude ? exclude.indptr[r + 1]! : 0;
    scanRow(h, scores, r * cols, cols, 0, exclude?.indices, exStart, exEnd);
    heapDrain(h, out.ids, out.scores, r * k);
  }
  return out;
}
