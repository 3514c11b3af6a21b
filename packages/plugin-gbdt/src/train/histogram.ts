/**
 * Gradient histograms: for a leaf's rows, the sum of gradients, hessians and the row count per bin
 * of every feature (three f64 per slot). Only the smaller child of a split is built from rows; the
 * larger is its parent minus it (LightGBM's subtraction trick), which halves the rows scanned.
 * The trainer builds with the WebAssembly kernel (wasm-hist.ts) when its buffers are in an arena;
 * these TypeScript loops are the fallback (no arena: over 4 GiB, or no WebAssembly) and the
 * reference the WebAssembly one is tested against (a TinyCC one was no faster: see the README).
 */
import type { BinnedData } from "./dataset.ts";

/**
 * Adds the leaf's rows into `hist` (zeroed by the caller) for the features in `features`.
 * `og` / `oh` hold the gradients / hessians of rows[begin..begin+count) in that order.
 * @example
 * buildHistogramTs(data, [0, 1], rows, 0, rows.length, og, oh, hist);
 */
export function buildHistogramTs(data: Pick<BinnedData, "rows" | "bins" | "histOffset">, features: readonly number[], rows: Int32Array, begin: number, count: number, og: Float32Array, oh: Float32Array, hist: Float64Array): void {
  buildFeatureRange(data, features, 0, features.length, rows, begin, count, og, oh, hist);
}

/**
 * buildHistogramTs for features[from..to) only (a worker's share of a build).
 * @example buildFeatureRange(data, [0, 1, 2, 3, 4], 4, 5, rows, 0, rows.length, og, oh, hist); // feature 4
 */
export function buildFeatureRange(data: Pick<BinnedData, "rows" | "bins" | "histOffset">, features: ArrayLike<number>, from: number, to: number, rows: Int32Array, begin: number, count: number, og: Float32Array, oh: Float32Array, hist: Float64Array): void {
  // One monomorphic loop per bin width: a union-typed array read would keep the JIT generic.
  if (data.bins instanceof Uint8Array) buildU8(data.bins, data.rows, data.histOffset, features, from, to, rows, begin, count, og, oh, hist);
  else for (let k = from; k < to; k++) histU16(data.bins, features[k]! * data.rows, data.histOffset[features[k]!]! * 3, rows, begin, count, og, oh, hist);
}

/**
 * u8 bins, features[from..to): four features per pass over the rows (the rest: three, two or one).
 * Rows heavy in one bin (a 3-valued feature) make a one-feature loop a chain of read-modify-writes
 * on the same slot, each waiting for the last; interleaving features breaks the chain (about 25%
 * less time in a micro-benchmark, 30% less CPU for training on Ali-CCP 1M). Each slot still
 * receives its rows in row order, so the sums are the one-feature loop's bit for bit.
 */
function buildU8(bins: Uint8Array, n: number, histOffset: Int32Array, features: ArrayLike<number>, from: number, to: number, rows: Int32Array, begin: number, count: number, og: Float32Array, oh: Float32Array, hist: Float64Array): void {
  let k = from;
  for (; k + 4 <= to; k += 4) {
    const f0 = features[k]!, f1 = features[k + 1]!, f2 = features[k + 2]!, f3 = features[k + 3]!;
    histU8x4(bins, f0 * n, f1 * n, f2 * n, f3 * n, histOffset[f0]! * 3, histOffset[f1]! * 3, histOffset[f2]! * 3, histOffset[f3]! * 3, rows, begin, count, og, oh, hist);
  }
  if (k + 3 === to) {
    const f0 = features[k]!, f1 = features[k + 1]!, f2 = features[k + 2]!;
    histU8x3(bins, f0 * n, f1 * n, f2 * n, histOffset[f0]! * 3, histOffset[f1]! * 3, histOffset[f2]! * 3, rows, begin, count, og, oh, hist);
    return;
  }
  if (k + 2 <= to) {
    const f0 = features[k]!, f1 = features[k + 1]!;
    histU8x2(bins, f0 * n, f1 * n, histOffset[f0]! * 3, histOffset[f1]! * 3, rows, begin, count, og, oh, hist);
    k += 2;
  }
  if (k < to) histU8(bins, features[k]! * n, histOffset[features[k]!]! * 3, rows, begin, count, og, oh, hist);
}

function histU8x4(bins: Uint8Array, b0: number, b1: number, b2: number, b3: number, o0: number, o1: number, o2: number, o3: number, rows: Int32Array, begin: number, count: number, og: Float32Array, oh: Float32Array, hist: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const r = rows[begin + i]!, g = og[i]!, h = oh[i]!;
    let s = o0 + bins[b0 + r]! * 3;
    hist[s]! += g; hist[s + 1]! += h; hist[s + 2]! += 1;
    s = o1 + bins[b1 + r]! * 3;
    hist[s]! += g; hist[s + 1]! += h; hist[s + 2]! += 1;
    s = o2 + bins[b2 + r]! * 3;
    hist[s]! += g; hist[s + 1]! += h; hist[s + 2]! += 1;
    s = o3 + bins[b3 + r]! * 3;
    hist[s]! += g; hist[s + 1]! += h; hist[s + 2]! += 1;
  }
}

function histU8x3(bins: Uint8Array, b0: number, b1: number, b2: number, o0: number, o1: number, o2: number, rows: Int32Array, begin: number, count: number, og: Float32Array, oh: Float32Array, hist: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const r = rows[begin + i]!, g = og[i]!, h = oh[i]!;
    let s = o0 + bins[b0 + r]! * 3;
    hist[s]! += g; hist[s + 1]! += h; hist[s + 2]! += 1;
    s = o1 + bins[b1 + r]! * 3;
    hist[s]! += g; hist[s + 1]! += h; hist[s + 2]! += 1;
    s = o2 + bins[b2 + r]! * 3;
    hist[s]! += g; hist[s + 1]! += h; hist[s + 2]! += 1;
  }
}

function histU8x2(bins: Uint8Array, b0: number, b1: number, o0: number, o1: number, rows: Int32Array, begin: number, count: number, og: Float32Array, oh: Float32Array, hist: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const r = rows[begin + i]!, g = og[i]!, h = oh[i]!;
    let s = o0 + bins[b0 + r]! * 3;
    hist[s]! += g; hist[s + 1]! += h; hist[s + 2]! += 1;
    s = o1 + bins[b1 + r]! * 3;
    hist[s]! += g; hist[s + 1]! += h; hist[s + 2]! += 1;
  }
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
 * out[0] = Σ og[0..count), out[1] = Σ oh[0..count), added in row order from +0: a leaf's totals as
 * the trainer has always added them (the WebAssembly kernels' sums pass makes the same additions).
 * Locals, not captured variables: a closure's `let` is a memory slot, about twice as slow.
 * @example const sums = new Float64Array(2); sumGradients(og, oh, count, sums);
 */
export function sumGradients(og: Float32Array, oh: Float32Array, count: number, out: Float64Array): void {
  let sg = 0, sh = 0;
  for (let i = 0; i < count; i++) { sg += og[i]!; sh += oh[i]!; }
  out[0] = sg; out[1] = sh;
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
