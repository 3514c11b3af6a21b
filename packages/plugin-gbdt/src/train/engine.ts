/**
 * Where histograms are built: the row-index array, the gathered gradients, a pool of histogram
 * buffers, and the kernel over them. `serialEngine` runs on the calling thread; parallel.ts's
 * engine puts the same buffers in shared memory and splits each build's features over workers.
 */
import type { BinnedData } from "./dataset.ts";
import { buildHistogramTs } from "./histogram.ts";

export interface HistogramEngine {
  /** Row indices; each leaf owns a contiguous range (the trainer fills it, the grower partitions it). */
  rows: Int32Array;
  /** Gradients / hessians of rows[begin..begin+count), gathered by the grower before each build. */
  og: Float32Array;
  oh: Float32Array;
  /** A histogram buffer (contents undefined) / give it back. */
  acquire(): Float64Array;
  release(hist: Float64Array): void;
  /** Adds rows[begin..begin+count) into `hist` (zeroed by the caller) for `features`. */
  build(features: readonly number[], begin: number, count: number, hist: Float64Array): void;
  /** Ends any workers. */
  close(): void;
  /** Feature histograms built by worker threads so far (0 for the serial engine). */
  workerFeatures(): number;
  /** What builds the histograms (for logs and the bench): "typescript" or "workers×N". */
  readonly kind: string;
}

/**
 * The single-threaded engine.
 * @example const engine = serialEngine(binned); try { … } finally { engine.close(); }
 */
export function serialEngine(data: BinnedData): HistogramEngine {
  const pool: Float64Array[] = [];
  const rows = new Int32Array(data.rows), og = new Float32Array(data.rows), oh = new Float32Array(data.rows);
  return {
    rows, og, oh, kind: "typescript",
    acquire: () => pool.pop() ?? new Float64Array(data.histSlots * 3),
    release: (h) => { pool.push(h); },
    build: (features, begin, count, hist) => buildHistogramTs(data, features, rows, begin, count, og, oh, hist),
    close: () => {},
    workerFeatures: () => 0,
  };
}
