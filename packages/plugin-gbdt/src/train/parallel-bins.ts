/**
 * Binning over the engine's workers: the raw training columns are in the caller's memory, which a
 * worker cannot see, so numeric columns are copied GROUP at a time into a shared staging area and
 * binned there in ranges of rows by every thread (a memory copy is a small fraction of the binary
 * searches). Each bin is computed by bins.ts's own loop from the same edges, so the bins are those of
 * binData's serial pass. Categorical columns (a Map lookup) stay on the calling thread.
 */
import { binNumericRange, integerLookup, type BinMapper } from "./bins.ts";

/** Columns staged (and binned) per job. */
export const GROUP = 4;

/** Every numeric feature's edges and integer table, concatenated in shared memory. */
export interface BinTables {
  upper: Float32Array;
  lut: Uint16Array;
  /** Per feature: numBins, start of its edges, start of its table, table length (0 = none). */
  meta: Int32Array;
  /** GROUP columns of `rows` values: the raw values being binned. */
  stage: Float32Array;
}

/**
 * The tables for `mappers` (categorical ones get none) and a staging area for `rows` rows.
 * @example const tables = sharedBinTables(binned.mappers, binned.rows);
 */
export function sharedBinTables(mappers: BinMapper[], rows: number): BinTables {
  const luts = mappers.map((m) => (m.categorical ? null : integerLookup(m.upper, m.numBins)));
  const edges = mappers.reduce((s, m) => s + m.upper.length, 0), lutLength = luts.reduce((s, l) => s + (l?.length ?? 0), 0);
  const t: BinTables = {
    upper: new Float32Array(new SharedArrayBuffer(4 * edges)), lut: new Uint16Array(new SharedArrayBuffer(2 * lutLength)),
    meta: new Int32Array(new SharedArrayBuffer(16 * mappers.length)), stage: new Float32Array(new SharedArrayBuffer(4 * GROUP * rows)),
  };
  let e = 0, l = 0;
  mappers.forEach((m, f) => {
    t.upper.set(m.upper, e); t.lut.set(luts[f] ?? [], l);
    t.meta.set([m.numBins, e, l, luts[f]?.length ?? 0], 4 * f);
    e += m.upper.length; l += luts[f]?.length ?? 0;
  });
  return t;
}

/**
 * Bins rows [a, b) of the staged columns: staged column j is feature features[j].
 * @example binStagedRange(tables, bins, rows, [0, 1], 0, rows);
 */
export function binStagedRange(t: BinTables, bins: Uint8Array | Uint16Array, rows: number, features: ArrayLike<number>, count: number, a: number, b: number): void {
  for (let j = 0; j < count; j++) {
    const f = features[j]!;
    const [numBins, e, l, lutLength] = [t.meta[4 * f]!, t.meta[4 * f + 1]!, t.meta[4 * f + 2]!, t.meta[4 * f + 3]!];
    const upper = t.upper.subarray(e, e + Math.max(0, numBins));
    binNumericRange(t.stage.subarray(j * rows, (j + 1) * rows), upper, numBins, lutLength > 0 ? t.lut.subarray(l, l + lutLength) : null, bins.subarray(f * rows, (f + 1) * rows), a, b);
  }
}
