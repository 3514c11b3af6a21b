/**
 * Picks the histogram engine: worker threads on shared memory when `threads` > 1 and the data is
 * large enough to pay for them (MIN_WORK row × feature cells; then the gradients, partitions and
 * score updates are shared with the workers too), the calling thread otherwise, or
 * when workers cannot start. Histograms, partitions and gathers run in WebAssembly when the
 * buffers are in an arena (arena.ts, wasm-hist.ts); a TinyCC `bun:ffi cc` kernel was measured too
 * and was no faster than TypeScript (package README, "Training library").
 */
import type { Arena } from "./arena.ts";
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

/**
 * The engine for trees of `numLeaves` leaves: with `workers` (the bins then in shared memory) the
 * parallel one, else the serial one; either over `arena` when given (WebAssembly kernels).
 * @example const engine = histogramEngine(binned, 2, 31, arena, true); try { … } finally { engine.close(); }
 */
export function histogramEngine(data: BinnedData, threads: number, numLeaves: number, arena: Arena | null, workers: boolean): HistogramEngine {
  if (workers) {
    try {
      // Forced on (tests): every job goes to the workers, however small, in chunks of 1,000 rows.
      const forced = process.env.SHORTLIST_GBDT_WORKERS === "1";
      return parallelEngine(data, threads, numLeaves, arena, forced ? 0 : undefined, forced ? 0 : undefined, forced ? 1000 : undefined);
    } catch {
      // Fall through: the serial engine gives the same results, only slower (on plain buffers: the
      // arena was sized for one engine's buffers).
      return serialEngine(data, numLeaves, null);
    }
  }
  return serialEngine(data, numLeaves, arena);
}
