/**
 * One parallel scoring job as the calling thread and the workers share it: the inputs and output
 * in SharedArrayBuffers and an Int32 control block of its own — word 0 the next unclaimed chunk
 * (claimed with Atomics.add, so each chunk runs exactly once), word 1 the chunks finished.
 */
import type { WalkTree } from "./predict-rows.ts";

export interface PredictJob {
  /** [next chunk, chunks finished]. */
  ctrl: Int32Array;
  trees: WalkTree[];
  baseScore: number;
  /** One column per feature, in shared memory. */
  columns: Float32Array[];
  /** n scores, in shared memory. */
  out: Float64Array;
  n: number;
  /** Rows per chunk; chunk k is rows [k·chunk, min(n, (k+1)·chunk)). */
  chunk: number;
  chunks: number;
}

/**
 * Claims chunks of `job` until none is left, running `score(a, b)` on each and counting it
 * finished (waking the calling thread when `notify`: it may be waiting for this chunk).
 * @example runClaims(job, (a, b) => scoreRows(trees, base, columns, a, b, out, x), true);
 */
export function runClaims(job: PredictJob, score: (a: number, b: number) => void, notify: boolean): void {
  const { ctrl, chunk, chunks, n } = job;
  for (let k = Atomics.add(ctrl, 0, 1); k < chunks; k = Atomics.add(ctrl, 0, 1)) {
    score(k * chunk, Math.min(n, (k + 1) * chunk));
    Atomics.add(ctrl, 1, 1);
    if (notify) Atomics.notify(ctrl, 1);
  }
}
