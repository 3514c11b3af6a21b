/**
 * Gradient histograms: for a leaf's rows, the sum of gradients, hessians and the row count per bin
 * of every feature (three f64 per slot). Only the smaller child of a split is built from rows; the
 * larger is its parent minus it (LightGBM's subtraction trick), which halves the rows scanned.
 * The TypeScript loop here is the reference and fallback for the native kernel (native.ts).
 */
import type { BinnedData } from "./dataset.ts";

/**
 * Adds the leaf's rows into `hist` (zeroed by the caller) for the features in `features`.
 * `og` / `oh` hold the gradients / hessians of rows[begin..begin+count) in that order.
 * @example
 * buildHistogramTs(data, [0, 1], rows, 0, rows.length, og, oh, hist);
 */
export function buildHistogramTs(data: Pick<BinnedData, "rows" | "bins" | "histOffset">, features: readonly number[], rows: Int32Array, begin: number, count: number, og: Float32Array, oh: Float32Array, hist: Float64Array): void {
  // One monomorphic loop per bin width: a union-typed array read would keep the JIT generic.
  if (data.bins instanceof Uint8Array) for (const f of features) histU8(data.bins, f * data.rows, data.histOffset[f]! * 3, rows, begin, count, og, oh, hist);
  else for (const f of features) histU16(data.bins, f * data.rows, data.histOffset[f]! * 3, rows, begin, count, og, oh, hist);
}

function histU8(bins: Uint8Array, base: number, off: number, rows: Int32Array, begin: number, count: number, og: Float32Array, oh: Float32Array, hist: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const s = off + bins[base + rows[begin + i]!]! * 3;
    hist[s]! += og[i]!;
    hist[s + 1]! += oh[i]!;
    hist[s + 2]! += 1;
  }
}

function histU16(bins: Uint16Array, base: number, off: number, rows: Int32Array, begin: number, count: number, og: Float32Array, oh: Float32Array, hist: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const s = off + bins[base + rows[begin + i]!]! * 3;
    hist[s]! += og[i]!;
    hist[s + 1]! += oh[i]!;
    hist[s + 2]! += 1;
  }
}

/**
 * `larger = parent - smaller`, slot by slot, for the given features.
 * @example subtractHistogram(data, features, parentHist, smallChildHist, largeChildHist);
 */
export function subtractHistogram(data: BinnedData, features: readonly number[], parent: Float64Array, smaller: Float64Array, larger: Float64Array): void {
  for (const f of features) {
    const start = data.histOffset[f]! * 3;
    const end = start + (data.mappers[f]!.numBins + 1) * 3;
    for (let s = start; s < end; s++) larger[s] = parent[s]! - smaller[s]!;
  }
}
