/** How many threads the CPU kernels use when the caller names none. */
import { availableParallelism } from "node:os";

/**
 * Threads when the caller names none: SHORTLIST_THREADS when set (`shortlist tune` sets it in each
 * worker process so that workers × threads stays within the cores), else the machine's cores.
 * @example threadsFromEnv({ SHORTLIST_THREADS: "1" }) // 1
 */
export function threadsFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.SHORTLIST_THREADS?.trim();
  if (!raw) return availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`SHORTLIST_THREADS: found "${raw}", expected a whole number ≥ 1 (or unset it for one thread per core)`);
  return n;
}
