/**
 * CPU co-occurrence: builds the item→user CSC once, then runs the kernel over item blocks,
 * on the main thread for small inputs and on the worker pool (shared memory, dynamic block
 * claiming) when the pair work is large enough to pay for the copies.
 */
import type { CooccurrenceOptions, Csr, TopK } from "../types.ts";
import { checkCooccurrenceTopN } from "../reference/cooccurrence.ts";
import { createScratch, TRANSFORM_CODE, type CoocJob } from "./cooccurrence-job.ts";
import { coocRange } from "./cooccurrence-kernel.ts";
import type { CoocWorkerJob } from "./cooccurrence-worker.ts";
import { yielder, YIELD_EVERY_MS } from "./event-loop.ts";
import { sharedArray, sharedCopy } from "./shared.ts";
import type { WorkerPool } from "./worker-pool.ts";

/** When to hand co-occurrence to the workers. */
export interface CoocTuning {
  /** Minimum Σ_u nnz_u² (pair updates) before workers are used. */
  workerMinPairs: number;
  /** Main thread: milliseconds of work between yields to the event loop (default YIELD_EVERY_MS). */
  yieldEveryMs?: number;
}

export const defaultCoocTuning: CoocTuning = { workerMinPairs: 2_000_000 };

/** Σ_u nnz_u²: the number of accumulator updates the product costs. */
function pairWork(x: Csr): number {
  let w = 0;
  for (let u = 0; u < x.rows; u++) {
    const len = x.indptr[u + 1]! - x.indptr[u]!;
    w += len * len;
  }
  return w;
}

/**
 * Builds the kernel's arrays (in SharedArrayBuffers when `shared`): the CSC, per-entry scales
 * and transform statistics, and outputs for the items of `o.items` (all by default). Expects
 * validated input.
 * @example
 * const job = buildJob(x, { topN: 10 }, false);
 */
export function buildJob(x: Csr, o: CooccurrenceOptions, shared: boolean): CoocJob {
  const n = x.cols;
  const nnz = x.indices.length;
  const i32 = (len: number) => (shared ? sharedArray(Int32Array, len) : new Int32Array(len));
  const colptr = i32(n + 1);
  const colUsers = i32(nnz);
  const weighted = !!(x.values || o.rowWeights);
  const colScale = weighted ? (shared ? sharedArray(Float32Array, nnz) : new Float32Array(nnz)) : undefined;
  for (let p = 0; p < nnz; p++) colptr[x.indices[p]! + 1]!++;
  for (let i = 0; i < n; i++) colptr[i + 1]! += colptr[i]!;
  const fill = Int32Array.from(colptr.subarray(0, n));
  for (let u = 0; u < x.rows; u++) {
    const w = o.rowWeights ? o.rowWeights[u]! : 1;
    for (let p = x.indptr[u]!; p < x.indptr[u + 1]!; p++) {
      const dst = fill[x.indices[p]!]!++;
      colUsers[dst] = u;
      if (colScale) colScale[dst] = w * (x.values ? x.values[p]! : 1);
    }
  }
  const t = o.transform;
  let statI: Float64Array | undefined;
  let statJ: Float64Array | undefined;
  if (t && t.kind !== "none") {
    const alpha = t.kind === "asymmetric" ? t.alpha : 1;
    statI = shared ? sharedArray(Float64Array, n) : new Float64Array(n);
    for (let i = 0; i < n; i++) statI[i] = t.kind === "asymmetric" ? Math.pow(t.rowStat[i]!, alpha) : t.rowStat[i]!;
    if (t.kind === "asymmetric") {
      statJ = shared ? sharedArray(Float64Array, n) : new Float64Array(n);
      for (let i = 0; i < n; i++) statJ[i] = Math.pow(t.rowStat[i]!, 1 - alpha);
    }
  }
  const copyI = (a: Int32Array) => (shared ? sharedCopy(Int32Array, a) : a);
  const firstItem = o.items?.from ?? 0;
  const endItem = o.items?.to ?? n;
  const outLen = (endItem - firstItem) * o.topN;
  return {
    nItems: n,
    topN: o.topN,
    minCount: Math.max(1, o.minCount ?? 1),
    transform: TRANSFORM_CODE[t?.kind ?? "none"],
    shrink: t && t.kind !== "none" ? (t.shrink ?? 0) : 0,
    indptr: copyI(x.indptr),
    indices: copyI(x.indices),
    values: x.values && colScale ? (shared ? sharedCopy(Float32Array, x.values) : x.values) : undefined,
    colptr,
    colUsers,
    colScale,
    statI,
    statJ,
    firstItem,
    endItem,
    outIds: shared ? sharedArray(Int32Array, outLen) : new Int32Array(outLen),
    outScores: shared ? sharedArray(Float32Array, outLen) : new Float32Array(outLen),
  };
}

/** Jobs built for `o.reuse` keys: the shared arrays, with outputs sized for whichever range comes. */
const prepared = new WeakMap<object, CoocJob>();

/**
 * The kernel's arrays for this call: built now, or (with `o.reuse`) taken from the first call with
 * the same key — in shared memory whenever the backend has workers, so any range may use them —
 * with fresh outputs for `range`.
 */
function preparedJob(x: Csr, o: CooccurrenceOptions, range: { from: number; to: number }, useWorkers: boolean, hasWorkers: boolean): CoocJob {
  if (!o.reuse) return buildJob(x, { ...o, items: range }, useWorkers);
  let base = prepared.get(o.reuse);
  if (!base) {
    base = buildJob(x, { ...o, items: { from: 0, to: 0 } }, hasWorkers);
    prepared.set(o.reuse, base);
  }
  const len = (range.to - range.from) * o.topN;
  const shared = base.colptr.buffer instanceof SharedArrayBuffer;
  return {
    ...base,
    firstItem: range.from,
    endItem: range.to,
    outIds: shared ? sharedArray(Int32Array, len) : new Int32Array(len),
    outScores: shared ? sharedArray(Float32Array, len) : new Float32Array(len),
  };
}

/**
 * Blockwise co-occurrence fused with per-item top-N, for the items of `o.items` (all by default).
 * `o.signal` is checked before starting and after every block on the main thread, which also
 * yields to the event loop every `tuning.yieldEveryMs`; on the workers an abort terminates them
 * at once.
 * @example
 * const nb = await cpuCooccurrenceTopN(pool, x, { topN: 20 });
 */
export async function cpuCooccurrenceTopN(
  pool: WorkerPool | undefined, x: Csr, o: CooccurrenceOptions, tuning: CoocTuning = defaultCoocTuning,
): Promise<TopK> {
  const range = checkCooccurrenceTopN(x, o);
  o.signal?.throwIfAborted();
  const n = x.cols;
  const rows = range.to - range.from;
  // Items outside the range cost nothing, so they don't count towards the worker threshold.
  const useWorkers = pool !== undefined && pool.size > 1 && rows > 1 && pairWork(x) * (rows / n) >= tuning.workerMinPairs;
  const job = preparedJob(x, o, range, useWorkers, pool !== undefined && pool.size > 1);
  // Small blocks balance the skew between popular and rare items; ~64 per thread is plenty.
  const blockItems = o.blockItems ?? Math.max(8, Math.ceil(rows / (64 * (pool?.size ?? 1))));
  let done = 0;
  if (useWorkers) {
    const msg: CoocWorkerJob = { job, next: sharedCopy(Int32Array, [range.from]), blockItems };
    await pool.run(msg, (items) => {
      done += items;
      o.onProgress?.(done, rows);
    }, o.signal);
    return { rows, k: o.topN, ids: Int32Array.from(job.outIds), scores: Float32Array.from(job.outScores) };
  }
  const scratch = createScratch(n);
  const pause = yielder(tuning.yieldEveryMs ?? YIELD_EVERY_MS);
  for (let from = range.from; from < range.to; from += blockItems) {
    const to = Math.min(range.to, from + blockItems);
    coocRange(job, scratch, from, to);
    o.onProgress?.(to - range.from, rows);
    o.signal?.throwIfAborted();
    await pause();
    o.signal?.throwIfAborted();
  }
  return { rows, k: o.topN, ids: job.outIds, scores: job.outScores };
}
