/**
 * Scoring over worker threads on shared memory. The columns are shared (copied, a window of rows
 * at a time, into a SharedArrayBuffer unless they already live in one), each window's job is
 * posted to `threads − 1` pooled workers, and the calling thread claims chunks of rows with them
 * (predict-job.ts): on a loaded machine a worker that is slow to wake costs only the chunks it
 * actually took, and the caller waits only for those. Each row is scored by one chunk exactly as the single-thread predictor
 * scores it, so the scores are the same bits with any number of threads.
 */
import { threadsFromEnv } from "@shortlist/core-gpu";
import type { GbdtTree } from "./model.ts";
import { runClaims, type PredictJob } from "./predict-job.ts";
import { BLOCK, scoreRows, type WalkTree } from "./predict-rows.ts";

/** How the predictor splits its work; every field optional. */
export interface PredictOptions {
  /** Threads (the calling thread included); default SHORTLIST_THREADS, else the cores. */
  threads?: number;
  /** Row × tree walks below which scoring stays on the calling thread (worker hand-off costs ~1 ms). */
  minWork?: number;
  /** Rows per claimed chunk; default min(n, windowRows) / (16 · threads), at least 8,192. */
  chunkRows?: number;
  /** Rows copied to shared memory and scored per job (default 1,048,576). */
  windowRows?: number;
}

const MIN_WORK = 2_000_000;
const MIN_CHUNK = 8192;
const WINDOW = 1 << 20;
/** Workers kept between calls (unref'd: an idle pool never keeps the process alive). */
const pool: Worker[] = [];

/**
 * The threads `predictRaw` uses for n rows of `trees`: 1 for small inputs (fewer than `minWork`
 * row × tree walks, or a single chunk), else min(threads, chunks).
 * @example predictThreads(100, trees) // 1
 */
export function predictThreads(n: number, trees: readonly GbdtTree[], options: PredictOptions = {}): number {
  const threads = options.threads ?? threadsFromEnv();
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`predictRaw: threads must be a whole number ≥ 1, found ${threads}`);
  if (threads === 1 || n * Math.max(1, trees.length) < (options.minWork ?? MIN_WORK)) return 1;
  return Math.min(threads, Math.ceil(n / chunkRows(n, threads, options)));
}

function chunkRows(n: number, threads: number, options: PredictOptions): number {
  return options.chunkRows ?? Math.max(MIN_CHUNK, Math.ceil(Math.min(n, options.windowRows ?? WINDOW) / (16 * threads)));
}

/** The first k pooled workers, started as needed; null when workers cannot start here. */
function workers(k: number): Worker[] | null {
  try {
    while (pool.length < k) {
      const w = new Worker(new URL("./predict-worker.ts", import.meta.url).href);
      w.unref();
      pool.push(w);
    }
  } catch {
    return null;
  }
  return pool.slice(0, k);
}

/**
 * Raw margins of n rows over `threads` threads (the caller's plus pooled workers), a window of at
 * most WINDOW rows at a time (the copy into shared memory then adds at most WINDOW × features
 * floats, however large n is); falls back to the calling thread alone when workers cannot start.
 * @example const out = scoreParallel(model.trees, model.baseScore, columns, n, 2);
 */
export function scoreParallel(trees: readonly GbdtTree[], baseScore: number, columns: readonly Float32Array[], n: number, threads: number, options: PredictOptions = {}): Float64Array {
  const nf = columns.length;
  const out = new Float64Array(n);
  const x = new Float32Array(BLOCK * Math.max(1, nf));
  const ws = workers(threads - 1);
  if (!ws) { scoreRows(trees, baseScore, columns, 0, n, out, x); return out; }
  const chunk = chunkRows(n, threads, options);
  const walk: WalkTree[] = trees.map(({ splitFeature, threshold, defaultLeft, catOffsets, catValues, left, right, leafValue }) => ({ splitFeature, threshold, defaultLeft, catOffsets, catValues, left, right, leafValue }));
  const w = Math.min(n, options.windowRows ?? WINDOW);
  // Columns already in shared memory are read in place; others are copied a window at a time.
  const own = columns.every((c) => c.buffer instanceof SharedArrayBuffer) ? null : new Float32Array(new SharedArrayBuffer(4 * w * nf));
  const shOut = new Float64Array(new SharedArrayBuffer(8 * w));
  for (let begin = 0; begin < n; begin += w) {
    const len = Math.min(w, n - begin);
    const cols = columns.map((c, f) => {
      const v = c.subarray(begin, begin + len);
      if (!own) return v;
      const d = own.subarray(f * w, f * w + len);
      d.set(v);
      return d;
    });
    // A control block per window: a worker that wakes late claims from its own, finished job.
    const job: PredictJob = { ctrl: new Int32Array(new SharedArrayBuffer(8)), trees: walk, baseScore, columns: cols, out: shOut, n: len, chunk, chunks: Math.ceil(len / chunk) };
    for (const wk of ws) wk.postMessage(job);
    runClaims(job, (a, b) => scoreRows(trees, baseScore, cols, a, b, shOut, x), false);
    for (let d = Atomics.load(job.ctrl, 1); d < job.chunks; d = Atomics.load(job.ctrl, 1)) Atomics.wait(job.ctrl, 1, d);
    out.set(shOut.subarray(0, len), begin);
  }
  return out;
}
