/**
 * Where a round's row work runs: histogram builds, the gradients, the gather of a leaf's gradients,
 * the partition of a leaf's rows and the score update, over the buffers of row-jobs.ts and a pool
 * of histogram buffers. `serialEngine` runs everything on the calling thread; parallel.ts's engine
 * puts the same buffers in shared memory and shares each job with worker threads.
 */
import { binColumns, type BinnedData } from "./dataset.ts";
import type { Alloc, Arena } from "./arena.ts";
import { buildFeatureRange, sumGradients } from "./histogram.ts";
import { buildFeatureRangeWasm, type WasmKernels } from "./wasm-hist.ts";
import { addScoreRange, gatherRange, gradientRange, markLeafRange, splitRange, type RowBuffers } from "./row-jobs.ts";

export interface HistogramEngine {
  /** Row indices (each leaf owns a contiguous range), gradients, scores, …: see RowBuffers. */
  buf: RowBuffers;
  /** A histogram buffer (contents undefined) / give it back. */
  acquire(): Float64Array;
  release(hist: Float64Array): void;
  /**
   * Adds rows[begin..begin+count) into `hist` (zeroed by the caller) for `features`, from og / oh,
   * or with `direct` from g / h in place (the root when rows[0..count) are 0..count-1: no gathered
   * copy). With `sums`, also buf.sums = (Σg, Σh) over the rows in row order, added by the pass over
   * the last features (a register in that pass's loop) instead of a pass of its own.
   */
  build(features: readonly number[], begin: number, count: number, hist: Float64Array, direct?: boolean, sums?: boolean): void;
  /** og/oh[0..count) = g/h of rows[begin..begin+count). */
  gather(begin: number, count: number): void;
  /**
   * Stable partition of rows[begin..begin+count) by buf.goesLeft on feature f's bins; the gradients
   * of the rows that land in [gBegin, gEnd) are gathered into og/oh from 0. Returns the left count.
   */
  partition(f: number, begin: number, count: number, gBegin: number, gEnd: number): number;
  /** leafOf[rows[i]] for positions [0, count), from buf.leafBegin / leafIndex of `leaves` leaves. */
  markLeaves(leaves: number, count: number): void;
  /** score[i] += values[leafOf[i]] for every row, then row-jobs' gradients (POINTWISE objective, fill). */
  addScores(objective: number, fill: boolean): void;
  /** Gradients of every row (POINTWISE objective), with `fill` the identity rows and og / oh too. */
  gradients(objective: number, fill: boolean): void;
  /** Fills data.bins from the raw training columns (binData with fill = false allocated them). */
  binColumns(columns: Float32Array[]): void;
  /** Ends any workers. */
  close(): void;
  /** Feature histograms built by worker threads so far (0 for the serial engine). */
  workerFeatures(): number;
  /** What builds the histograms (for logs and the bench): "typescript" / "wasm", or "workers×N" (+ "wasm"). */
  readonly kind: string;
}

/**
 * The row buffers for `data`: in SharedArrayBuffers when `memory` is true, in an arena (arena.ts)
 * when it is an Alloc. leafOf exists for trees of at most 65,536 leaves.
 * @example const buf = rowBuffers(binned, 31, false);
 */
export function rowBuffers(data: BinnedData, numLeaves: number, memory: boolean | Alloc): RowBuffers {
  const n = data.rows;
  const mem = (bytes: number) => (typeof memory === "function" ? memory(bytes) : { buffer: memory ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes), byteOffset: 0 });
  const view = <T>(make: new (b: ArrayBufferLike, o: number, l: number) => T, length: number, size: number): T => { const { buffer, byteOffset } = mem(size * length); return new make(buffer, byteOffset, length); };
  const leaves = Math.max(1, numLeaves);
  const maxBins = data.mappers.reduce((m, b) => Math.max(m, b.numBins + 1), 1);
  return {
    n, bins: data.bins,
    rows: view(Int32Array, n, 4), tmp: view(Int32Array, n, 4),
    g: view(Float32Array, n, 4), h: view(Float32Array, n, 4),
    og: view(Float32Array, n, 4), oh: view(Float32Array, n, 4),
    score: view(Float64Array, n, 8), label: view(Float32Array, n, 4),
    leafOf: view(Uint16Array, numLeaves <= 0x10000 ? n : 0, 2),
    values: view(Float64Array, leaves, 8), leafBegin: view(Int32Array, leaves, 4), leafIndex: view(Int32Array, leaves, 4),
    goesLeft: view(Uint8Array, maxBins, 1),
    sums: view(Float64Array, 2, 8),
  };
}

/** Builds features[from..to) of a histogram (see HistogramEngine.build; `sums`: this range adds buf.sums). */
export type RangeBuilder = (features: ArrayLike<number>, from: number, to: number, begin: number, count: number, hist: Float64Array, direct?: boolean, sums?: boolean) => void;

/**
 * The histogram builder of an engine: the WebAssembly kernels when the arrays live in `arena`
 * (`inArena(hist)` says whether a histogram buffer does), the TypeScript ones otherwise.
 * @example const build = histogramBuilder(data, buf, arena, (h) => slots.has(h));
 */
export function histogramBuilder(data: Pick<BinnedData, "rows" | "bins" | "histOffset">, buf: RowBuffers, arena: Pick<Arena, "kernels"> | null, inArena: (hist: Float64Array) => boolean): RangeBuilder {
  return (features, from, to, begin, count, hist, direct = false, sums = false) => {
    const g = direct ? buf.g : buf.og, h = direct ? buf.h : buf.oh;
    if (arena && inArena(hist)) buildFeatureRangeWasm(arena.kernels, data, features, from, to, buf.rows, begin, count, g, h, hist, sums ? buf.sums : null);
    else {
      buildFeatureRange(data, features, from, to, buf.rows, begin, count, g, h, hist);
      if (sums) sumGradients(g, h, count, buf.sums);
    }
  };
}

/**
 * The partition on one thread in one pass: left rows stay in `rows` (written at or behind the
 * read cursor), right rows go to tmp and are copied after them; branch-free (the row is written to
 * both sides, one cursor moves: a branch on the bin mispredicts often). Then the gather. With
 * `kernels` (the buffers in their memory), splitRange's WebAssembly loop and one copy instead.
 * @example const nl = partitionSerial(buf, 3, 0, count, 0, 0);
 */
export function partitionSerial(s: RowBuffers, f: number, begin: number, count: number, gBegin: number, gEnd: number, kernels: WasmKernels | null = null): number {
  const { rows, tmp, bins, goesLeft } = s;
  if (kernels) {
    // splitRange's WebAssembly loop into tmp, then one copy back.
    const nl = splitRange(s, f, begin, begin + count, kernels);
    rows.set(tmp.subarray(begin, begin + count), begin);
    if (gEnd > gBegin) gatherRange(s, gBegin, gBegin, gEnd, kernels);
    return nl;
  }
  const base = f * s.n;
  let l = begin, r = 0;
  for (let i = begin, e = begin + count; i < e; i++) {
    const row = rows[i]!;
    const left = goesLeft[bins[base + row]!]!;
    rows[l] = row;
    tmp[r] = row;
    l += left;
    r += 1 - left;
  }
  rows.set(tmp.subarray(0, r), l);
  if (gEnd > gBegin) gatherRange(s, gBegin, gBegin, gEnd);
  return l - begin;
}

/**
 * The single-threaded engine; with an arena its buffers live there and the WebAssembly kernel builds.
 * @example const engine = serialEngine(binned, 31); try { … } finally { engine.close(); }
 */
export function serialEngine(data: BinnedData, numLeaves: number, arena: Arena | null = null): HistogramEngine {
  const slotLength = data.histSlots * 3;
  const buf = rowBuffers(data, numLeaves, arena ? arena.alloc : false);
  const slots = new Set<Float64Array>();
  if (arena) for (let s = 0; s < numLeaves + 2; s++) { const { buffer, byteOffset } = arena.alloc(8 * slotLength); slots.add(new Float64Array(buffer, byteOffset, slotLength)); }
  const pool = [...slots];
  const build = histogramBuilder(data, buf, arena, (h) => slots.has(h));
  return {
    buf, kind: arena ? "wasm" : "typescript",
    acquire: () => pool.pop() ?? new Float64Array(slotLength),
    release: (h) => { pool.push(h); },
    build: (features, begin, count, hist, direct, sums) => build(features, 0, features.length, begin, count, hist, direct, sums),
    gather: (begin, count) => gatherRange(buf, begin, begin, begin + count, arena?.kernels ?? null),
    partition: (f, begin, count, gBegin, gEnd) => partitionSerial(buf, f, begin, count, gBegin, gEnd, arena?.kernels ?? null),
    markLeaves: (leaves, count) => markLeafRange(buf, leaves, 0, count),
    addScores: (objective, fill) => addScoreRange(buf, objective, 0, buf.n, fill),
    gradients: (objective, fill) => gradientRange(buf, objective, 0, buf.n, fill),
    binColumns: (columns) => binColumns(columns, data, columns.map((_, f) => f)),
    close: () => {},
    workerFeatures: () => 0,
  };
}
