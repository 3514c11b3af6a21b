/**
 * CPU Swing: builds the job (item order, optional global overlap matrix), then runs the kernel
 * on the main thread for small inputs and on a worker pool (shared memory, dynamic claiming)
 * when the work pays for the copies.
 */
import { yielder, YIELD_EVERY_MS } from "../cpu/event-loop.ts";
import { sharedArray, sharedCopy } from "../cpu/shared.ts";
import { WorkerPool } from "../cpu/worker-pool.ts";
import { threadsFromEnv } from "../cpu/threads-env.ts";
import type { Csr, TopK } from "../types.ts";
import type { SwingJob, SwingWorkerMessage } from "./cpu-job.ts";
import { createSwingScratch, swingItems } from "./cpu-kernel.ts";
import { overlapRows } from "./cpu-overlaps.ts";
import { transposePattern } from "./transpose.ts";
import type { SwingOptions } from "./types.ts";
import { checkSwing, swingItemRange } from "./validate.ts";

export interface SwingCpuTuning {
  /** Worker threads (default: SHORTLIST_THREADS, else the machine's cores; at most 8); 1 runs on the main thread. */
  workers: number;
  /** Minimum estimated work (Σ_i m_i·nnz of i's users) before workers are used. */
  workerMinWork: number;
  /** Largest global user×user overlap matrix to build, in bytes; above it each item counts its own. */
  overlapBudgetBytes: number;
  /** Main thread: milliseconds of work between yields to the event loop (default YIELD_EVERY_MS). */
  yieldEveryMs?: number;
}

/**
 * SHORTLIST_THREADS, as the other CPU kernels read it (`shortlist tune` and several `shortlist
 * worker`s on one host set it), else the cores; a malformed value is reported when the backend is
 * created, not here at import.
 */
function defaultWorkers(): number {
  try {
    return threadsFromEnv();
  } catch {
    return navigator.hardwareConcurrency || 1;
  }
}

export const defaultSwingTuning: SwingCpuTuning = {
  workers: Math.min(8, defaultWorkers()),
  workerMinWork: 20_000_000,
  overlapBudgetBytes: 512 * 1024 * 1024,
};

/** User rows of the overlap matrix filled between abort checks on the main thread. */
const OVERLAP_ROWS = 256;

/** Beyond this many users per item the per-thread scratch (4·m² bytes) passes 256 MiB. */
export const MAX_USERS_PER_ITEM = 8_192;

/**
 * Per-item work estimates and the claim order (costliest first) of the items [from, to): only
 * they are computed, so only they size the scratch and the work.
 */
function planOrder(x: Csr, iu: Csr, from: number, to: number): { order: Int32Array; work: number; maxUsers: number } {
  const est = new Float64Array(iu.rows);
  let work = 0;
  let maxUsers = 0;
  for (let i = from; i < to; i++) {
    const m = iu.indptr[i + 1]! - iu.indptr[i]!;
    maxUsers = Math.max(maxUsers, m);
    let nnz = 0;
    for (let p = iu.indptr[i]!; p < iu.indptr[i + 1]!; p++) nnz += x.indptr[iu.indices[p]! + 1]! - x.indptr[iu.indices[p]!]!;
    est[i] = m < 2 ? 0 : m * nnz;
    work += est[i]!;
  }
  const order = Int32Array.from({ length: to - from }, (_, r) => from + r).sort((a, b) => est[b]! - est[a]! || a - b);
  return { order, work, maxUsers };
}

/** Bytes per overlap cell: 2 while no user has more than 65,535 items (an overlap never exceeds that). */
function overlapCellBytes(x: Csr): 2 | 4 {
  for (let u = 0; u < x.rows; u++) if (x.indptr[u + 1]! - x.indptr[u]! > 0xffff) return 4;
  return 2;
}

function buildJob(x: Csr, full: Csr, iu: Csr, o: SwingOptions, shared: boolean, withOverlaps: boolean, plan: ReturnType<typeof planOrder>, firstItem: number): SwingJob {
  const outLen = plan.order.length * o.topN;
  const copy = (a: Int32Array): Int32Array => (shared ? sharedCopy(Int32Array, a) : a);
  const bytes = overlapCellBytes(x);
  const buffer = (len: number) => (shared ? new SharedArrayBuffer(len) : new ArrayBuffer(len));
  const cells = x.rows * x.rows;
  const overlaps = !withOverlaps ? undefined : bytes === 2 ? new Uint16Array(buffer(2 * cells)) : new Int32Array(buffer(4 * cells));
  return {
    nUsers: x.rows,
    nItems: x.cols,
    topN: o.topN,
    alpha: o.alpha,
    uptr: copy(x.indptr),
    uitems: copy(x.indices),
    fullPtr: copy(full.indptr),
    fullUsers: copy(full.indices),
    iptr: copy(iu.indptr),
    iusers: copy(iu.indices),
    weights: o.userWeights && shared ? sharedCopy(Float32Array, o.userWeights) : o.userWeights,
    candidateWeights: o.candidateWeights && shared ? sharedCopy(Float32Array, o.candidateWeights) : o.candidateWeights,
    overlaps,
    order: copy(plan.order),
    firstItem,
    maxUsers: plan.maxUsers,
    outIds: shared ? sharedArray(Int32Array, outLen) : new Int32Array(outLen),
    outScores: shared ? sharedArray(Float32Array, outLen) : new Float32Array(outLen),
  };
}

/** What calls with one `reuse` key share: the copies of the input, the transpose, the overlap matrix. */
interface Prepared {
  base: SwingJob;
  shared: boolean;
  overlaps: "empty" | "started" | "filled";
}
const prepared = new WeakMap<object, Prepared>();
const EMPTY_PLAN = { order: new Int32Array(0), work: 0, maxUsers: 0 };

/** The job for this range from the key's prepared input (built now if it is the first call), with its own order and outputs. */
function preparedJob(key: object, build: () => SwingJob, plan: ReturnType<typeof planOrder>, firstItem: number, topN: number): { job: SwingJob; prepared: Prepared; shared: boolean } {
  let p = prepared.get(key);
  if (!p) {
    const base = build();
    p = { base, shared: base.uptr.buffer instanceof SharedArrayBuffer, overlaps: "empty" };
    prepared.set(key, p);
  }
  const len = plan.order.length * topN;
  const job: SwingJob = {
    ...p.base,
    order: p.shared ? sharedCopy(Int32Array, plan.order) : plan.order,
    firstItem,
    maxUsers: plan.maxUsers,
    outIds: p.shared ? sharedArray(Int32Array, len) : new Int32Array(len),
    outScores: p.shared ? sharedArray(Float32Array, len) : new Float32Array(len),
  };
  return { job, prepared: p, shared: p.shared };
}

/**
 * Per item of `o.items` (all by default), the top-N items by Swing score (see types.ts), on the
 * CPU. `o.signal` is checked before starting and between blocks on the main thread, which also
 * yields to the event loop every `tuning.yieldEveryMs`; on the workers an abort terminates them
 * at once.
 * @example
 * const nb = await cpuSwingTopN(x, { topN: 20, alpha: 1, userWeights: w, itemUsers: sampled });
 */
export async function cpuSwingTopN(x: Csr, o: SwingOptions, tuning: SwingCpuTuning = defaultSwingTuning): Promise<TopK> {
  const iu = checkSwing(x, o);
  const range = swingItemRange(x, o);
  o.signal?.throwIfAborted();
  const full = o.itemUsers ? transposePattern(x) : iu;
  const plan = planOrder(x, iu, range.from, range.to);
  if (plan.maxUsers > MAX_USERS_PER_ITEM) {
    throw new RangeError(`swing itemUsers: found an item with ${plan.maxUsers} users, expected at most ${MAX_USERS_PER_ITEM} (sample the users of popular items)`);
  }
  const overlapBytes = x.rows * x.rows * overlapCellBytes(x);
  const withOverlaps = x.rows >= 2 && overlapBytes <= tuning.overlapBudgetBytes;
  let useWorkers = tuning.workers > 1 && plan.order.length > 0 && plan.work >= tuning.workerMinWork;
  const reused = o.reuse ? preparedJob(o.reuse, () => buildJob(x, full, iu, o, tuning.workers > 1, withOverlaps, EMPTY_PLAN, 0), plan, range.from, o.topN) : undefined;
  if (reused) useWorkers &&= reused.shared;
  const job = reused?.job ?? buildJob(x, full, iu, o, useWorkers, withOverlaps, plan, range.from);
  // the overlap matrix of a reused input is filled once (zeroed first if an earlier fill was cut short)
  const fillOverlaps = !!job.overlaps && (!reused || reused.prepared.overlaps !== "filled");
  if (reused && fillOverlaps && reused.prepared.overlaps === "started") job.overlaps!.fill(0);
  if (reused && fillOverlaps) reused.prepared.overlaps = "started";
  // Positions of job.order: the range's items, costliest first.
  const n = job.order.length;
  if (!useWorkers) {
    const pause = yielder(tuning.yieldEveryMs ?? YIELD_EVERY_MS);
    if (fillOverlaps && n > 0) {
      for (let from = 0; from < job.nUsers; from += OVERLAP_ROWS) {
        overlapRows(job, from, Math.min(job.nUsers, from + OVERLAP_ROWS));
        o.signal?.throwIfAborted();
        await pause();
        o.signal?.throwIfAborted();
      }
      if (reused) reused.prepared.overlaps = "filled";
    }
    const scratch = createSwingScratch(job);
    const block = o.blockItems ?? 64;
    for (let from = 0; from < n; from += block) {
      swingItems(job, scratch, from, Math.min(n, from + block));
      o.onProgress?.(Math.min(n, from + block), n);
      o.signal?.throwIfAborted();
      await pause();
      o.signal?.throwIfAborted();
    }
    return { rows: n, k: o.topN, ids: job.outIds, scores: job.outScores };
  }
  const pool = new WorkerPool(new URL("./cpu-worker.ts", import.meta.url), tuning.workers);
  try {
    if (fillOverlaps) {
      const msg: SwingWorkerMessage = { phase: "overlaps", job, next: sharedArray(Int32Array, 1), block: 16 };
      await pool.run(msg, () => {}, o.signal);
      if (reused) reused.prepared.overlaps = "filled";
    }
    let done = 0;
    const msg: SwingWorkerMessage = { phase: "items", job, next: sharedArray(Int32Array, 1), block: o.blockItems ?? 2 };
    await pool.run(msg, (items) => {
      done += items;
      o.onProgress?.(done, n);
    }, o.signal);
  } finally {
    pool.dispose();
  }
  return { rows: n, k: o.topN, ids: Int32Array.from(job.outIds), scores: Float32Array.from(job.outScores) };
}
