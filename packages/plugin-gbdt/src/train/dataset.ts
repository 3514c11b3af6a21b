/**
 * The binned training matrix: one contiguous column-major array of bins (column f at f·n), so the
 * histogram kernel reads one feature's bins for a leaf's rows, and the partition step reads only the
 * split feature's column. u8 when every feature fits 256 bins (the default maxBin 255 + missing), u16
 * otherwise.
 */
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
 * Bins every column: edges from `columns` (the training rows) only; `shared` puts the bins in a
 * SharedArrayBuffer for the histogram workers.
 * @example
 * const d = binData([Float32Array.of(1, 2, NaN)], [false], 255); // d.bins = [0, 1, 2]
 */
export function binData(columns: Float32Array[], categorical: boolean[], maxBin: number, seed = 0, shared = false): BinnedData {
  const rows = columns[0]?.length ?? 0;
  // Edges from a sample of 200,000 rows at most (LightGBM's bin_construct_sample_cnt).
  const sample = sampleRowsFor(rows, 200_000, seed);
  const mappers = columns.map((c, f) => (categorical[f] ? categoricalBins(c, maxBin, sample) : numericBins(c, maxBin, sample)));
  const wide = mappers.some((m) => m.missingBin > 255);
  // Shared memory when histogram workers will read the bins.
  const bytes = rows * columns.length * (wide ? 2 : 1);
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const bins = wide ? new Uint16Array(buffer) : new Uint8Array(buffer);
  columns.forEach((c, f) => binColumn(c, mappers[f]!, bins.subarray(f * rows, (f + 1) * rows)));
  const histOffset = new Int32Array(columns.length);
  let slots = 0;
  mappers.forEach((m, f) => { histOffset[f] = slots; slots += m.numBins + 1; });
  return { rows, mappers, bins, histOffset, histSlots: slots };
}
