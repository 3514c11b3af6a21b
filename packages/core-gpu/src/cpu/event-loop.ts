/**
 * Cooperative yielding for long main-thread kernels: a worker process that runs minutes of
 * co-occurrence or Swing on its main thread must still fire its own timers (a job queue's lock
 * renewal, a heartbeat), so the block loops hand the event loop a turn every few milliseconds.
 */

/** Default work between two yields: short enough for any timer, long enough to cost nothing. */
export const YIELD_EVERY_MS = 15;

/**
 * A function to await between blocks: it yields (one macrotask turn, so timers and I/O run)
 * once at least `everyMs` of work has passed since the last yield, and otherwise returns at once.
 * @example
 * const pause = yielder();
 * for (const block of blocks) { work(block); await pause(); }
 */
export function yielder(everyMs: number = YIELD_EVERY_MS): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    // setTimeout(0), not setImmediate alone: timers due now must get their turn too.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    last = performance.now();
  };
}
