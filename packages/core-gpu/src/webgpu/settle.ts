/**
 * Waiting for GPU work without stealing the driver's CPU.
 *
 * While a WebGPU promise is pending, dawn.node polls its event loop with setImmediate and keeps a
 * core busy; on lavapipe that core is one the driver's own threads needed (35–45% of throughput
 * lost on 2 cores). So before awaiting a readback we sleep on a timer for most of the time the
 * work is expected to take, then await the promise for the remainder.
 */

/** What a batch of submitted work does, for estimating how long it takes. */
export interface Work {
  flops?: number;
  bytes?: number;
}

/** Throughputs used for the estimate (per millisecond). */
export interface Throughput {
  flopsPerMs: number;
  bytesPerMs: number;
}

/** Measured on Mesa lavapipe, 2 cores: ~8 GFLOP/s dense, ~1.5 GB/s for gather-like kernels. */
export const SOFTWARE_THROUGHPUT: Throughput = { flopsPerMs: 8e6, bytesPerMs: 1.5e6 };
/** A hardware GPU finishes our kernels in well under the timer resolution: don't sleep. */
export const HARDWARE_THROUGHPUT: Throughput = { flopsPerMs: Infinity, bytesPerMs: Infinity };

/**
 * Expected milliseconds for `work` at `rate`.
 * @example
 * expectedMs({ flops: 2 * 1024 ** 3 }, SOFTWARE_THROUGHPUT); // ≈ 268
 */
export function expectedMs(work: Work, rate: Throughput): number {
  return (work.flops ?? 0) / rate.flopsPerMs + (work.bytes ?? 0) / rate.bytesPerMs;
}

/**
 * Sleeps on a timer for 80% of the expected time (undershooting costs a little polling;
 * overshooting would add latency), nothing when under 2 ms.
 * @example
 * await sleepForWork({ flops: 1e9 }, SOFTWARE_THROUGHPUT);
 */
export async function sleepForWork(work: Work, rate: Throughput): Promise<void> {
  const ms = 0.8 * expectedMs(work, rate);
  if (ms >= 2) await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 60_000)));
}
