/**
 * Picks the histogram engine: worker threads on shared memory when `threads` > 1 and the data is
 * large enough to pay for them (MIN_WORK row × feature cells), the calling thread otherwise, or
 * when workers cannot start. (A TinyCC `bun:ffi cc` kernel was measured too and was no faster: see the
 * package README, "Training library".)
 */
import type { BinnedData } from "./dataset.ts";
import { serialEngine, type HistogramEngine } from "./engine.ts";
import { parallelEngine } from "./parallel.ts";

const MIN_WORK = 500_000;

/**
 * Whether training data of n rows × f features should use workers (then bins go to shared memory).
 * @example useWorkers(1_000_000, 23, 2); // true
 */
export function useWorkers(n: number, f: number, threads: number): boolean {
  // SHORTLIST_GBDT_WORKERS: "0" never, "1" whenever threads > 1 (tests), unset: by size.
  const env = process.env.SHORTLIST_GBDT_WORKERS;
  if (env === "0" || threads < 2 || f < 2) return false;
  return env === "1" || n * f >= MIN_WORK;
}

/** @example const engine = histogramEngine(binned, 2, 33); try { … } finally { engine.close(); } */
export function histogramEngine(data: BinnedData, threads: number, slots: number): HistogramEngine {
  if (data.bins.buffer instanceof SharedArrayBuffer) {
    try {
      // Forced on (tests): every build goes to the workers, however small.
      return parallelEngine(data, threads, slots, process.env.SHORTLIST_GBDT_WORKERS === "1" ? 0 : undefined);
    } catch {
      // Fall through: the serial engine gives the same results, only slower.
    }
  }
  return serialEngine(data);
}
