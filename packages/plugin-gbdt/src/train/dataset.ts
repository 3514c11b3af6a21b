/**
 * The binned training matrix: one contiguous column-major array of bins (column f at f·n), so the
 * histogram kernel reads one feature's bins for a leaf's rows, and the partition step reads only the
 * split feature's column. u8 when every feature fits 256 bins (the default maxBin 255 + missing), u16
 * otherwise.
 */
import type { Alloc } from "./arena.ts";
import { binColumn, categoricalBins, numericBins, sampleRowsFor, type BinMapper } from "./bins.ts";

export interface BinnedData {
  rows: number;
  mappers: BinMapper[];
  bins: Uint8Array | Uint16Array;
  /** Start of each feature's slots in a histogram (numBins + 1 slots each: values, then missing). */
  histOffset: Int32Array;
  /** Total histogram slots over all features. */
  histSlots: number;
}

/**
 * Bins every column: edges from `columns` (the training rows) only; `memory`: true puts the bins in
 * a SharedArrayBuffer for the histogram workers, an Alloc in an arena (arena.ts). With `fill` false
 * the bins are only allocated: the caller fills them (binColumns, or the engine's parallel binning).
 * @example
 * const d = binData([Float32Array.of(1, 2, NaN)], [false], 255); // d.bins = [0, 1, 2]
 */
export function binData(columns: Float32Array[], categorical: boolean[], maxBin: number, seed = 0, memory: boolean | Alloc = false, fill = true): BinnedData {
  const rows = columns[0]?.length ?? 0;
  // Edges from a sample of 200,000 rows at most (LightGBM's bin_construct_sample_cnt).
  const sample = sampleRowsFor(rows, 200_000, seed);
  const mappers = columns.map((c, f) => (categorical[f] ? categoricalBins(c, maxBin, sample) : numericBins(c, maxBin, sample)));
  const wide = mappers.some((m) => m.missingBin > 255);
  // Shared memory when histogram workers will read the bins.
  const count = rows * columns.length;
  const bytes = count * (wide ? 2 : 1);
  const { buffer, byteOffset } = typeof memory === "function" ? memory(bytes) : { buffer: memory ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes), byteOffset: 0 };
  const bins = wide ? new Uint16Array(buffer, byteOffset, count) : new Uint8Array(buffer, byteOffset, count);
  const histOffset = new Int32Array(columns.length);
  let slots = 0;
  mappers.forEach((m, f) => { histOffset[f] = slots; slots += m.numBins + 1; });
  const data = { rows, mappers, bins, histOffset, histSlots: slots };
  if (fill) binColumns(columns, data, columns.map((_, f) => f));
  return data;
}

/**
 * Fills the bins of `features` from their raw columns on the calling thread.
 * @example binColumns(columns, data, [0, 1]);
 */
export function binColumns(columns: Float32Array[], data: BinnedData, features: readonly number[]): void {
  for (const f of features) binColumn(columns[f]!, data.mappers[f]!, data.bins.subarray(f * data.rows, (f + 1) * data.rows));
}
