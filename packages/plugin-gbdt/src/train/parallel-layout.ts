/**
 * The shared memory the workers and the trainer both see, the control block's layout, and the
 * chunk of a job that either side runs once it has claimed it (see parallel.ts).
 */
import { buildFeatureRange, sumGradients } from "./histogram.ts";
import { binStagedRange, type BinTables } from "./parallel-bins.ts";
import { buildFeatureRangeWasm, type WasmKernels } from "./wasm-hist.ts";
import { addScoreRange, gatherRange, gradientRange, markLeafRange, placeRange, splitRange, type RowBuffers } from "./row-jobs.ts";

export interface SharedBuffers {
  ctrl: Int32Array;
  /** Per row chunk of a partition: its left count, then where its left and right rows go. */
  part: Int32Array;
  histOffset: Int32Array;
  histSlots: number;
  /** Histogram slots back to back, histSlots · 3 doubles each. */
  hists: Float64Array;
  buf: RowBuffers;
  /** The arena's memory when everything above lives in it (then the WebAssembly kernels build). */
  memory: WebAssembly.Memory | null;
  /** Edges and the staging area of parallel binning (parallel-bins.ts). */
  tables: BinTables;
}

/**
 * Int32 indices in the control block. `claim` packs the current job's chunk count (high 16 bits)
 * and its next unclaimed chunk (low 16 bits): a claim succeeds only while the current job has
 * chunks left, and the job's other fields are read after the claim — the job cannot end (nor its
 * fields change) while a claimed chunk is unfinished, so a worker that woke late can never mix two
 * jobs. a0, a1: the job's own arguments (JOB below). `sleeping` counts workers in Atomics.wait on
 * `seq`, `waiting` is 1 while the calling thread waits on `finished`: a side notifies only when the
 * other may be asleep (each sets its flag before its wait re-checks the word, and all of these are
 * sequentially consistent atomics, so a wake-up cannot be missed).
 */
export const CTRL = { seq: 0, finished: 1, ready: 2, quit: 3, claim: 4, workerBuilt: 5, kind: 6, slot: 7, begin: 8, count: 9, nf: 10, chunk: 11, a0: 12, a1: 13, sleeping: 14, waiting: 15, features: 16 } as const;

/**
 * Job kinds. HIST: features k·CHUNK.. of the list, rows [begin, begin+count) into slot (a0: read
 * g / h in place instead of og / oh, a1: the last chunk also writes buf.sums). The others
 * take rows (or positions) [begin + k·chunk, …) of [begin, begin + count): GRAD (a0 objective, a1
 * fill), ADD (the same), MARK (a0 leaves), GATHER, SPLIT (a0 feature), PLACE (a0, a1: gather range),
 * BIN (the nf staged columns of the features in the list).
 */
export const JOB = { HIST: 0, GRAD: 1, ADD: 2, MARK: 3, GATHER: 4, SPLIT: 5, PLACE: 6, BIN: 7 } as const;
/** Features per claim: the kernel interleaves four features per pass over the rows (histogram.ts). */
export const CHUNK = 4;
/** Most features a parallel build takes (larger lists are built on the calling thread). */
export const MAX_PARALLEL_FEATURES = 0x7fff;
/**
 * Atomics.load polls of `seq` a worker makes after its last chunk before it sleeps (about 0.2 ms,
 * timed in training): the next job often follows within that and then needs no wake-up. Longer
 * polls measured slower on a busy machine (the package README, third round).
 */
export const SPIN = 20_000;
/** Most chunks of a row job (the `part` array's length / 3). */
export const MAX_ROW_CHUNKS = 4096;

/**
 * Claims the next chunk of the current job: its index, or -1 when none is left.
 * @example for (let k = claim(ctrl); k >= 0; k = claim(ctrl)) runChunk(shared, k);
 */
export function claim(ctrl: Int32Array): number {
  for (;;) {
    const w = Atomics.load(ctrl, CTRL.claim);
    const k = w & 0xffff;
    if (k >= w >>> 16) return -1;
    if (Atomics.compareExchange(ctrl, CTRL.claim, w, w + 1) === w) return k;
  }
}

/** The number of chunks of a job of nf features. */
export const chunks = (nf: number): number => Math.ceil(nf / CHUNK);

/** The claim word that opens a job of `count` chunks at chunk 0. */
export const openClaim = (count: number): number => count << 16;

/**
 * Runs chunk k of the current job (read from the control block) with this thread's WebAssembly
 * kernels (null: the TypeScript ones); returns the features it built (HIST) or 0.
 * @example const built = runChunk(shared, k, kernels);
 */
export function runChunk(sh: SharedBuffers, k: number, kernels: WasmKernels | null): number {
  const { ctrl, buf } = sh;
  const kind = ctrl[CTRL.kind]!, begin = ctrl[CTRL.begin]!, count = ctrl[CTRL.count]!;
  if (kind === JOB.HIST) {
    const slot = ctrl[CTRL.slot]!, slotLength = sh.histSlots * 3;
    const from = k * CHUNK, to = Math.min(ctrl[CTRL.nf]!, from + CHUNK);
    const data = { rows: buf.n, bins: buf.bins, histOffset: sh.histOffset };
    const hist = sh.hists.subarray(slot * slotLength, (slot + 1) * slotLength), features = ctrl.subarray(CTRL.features);
    // a0: gradients in place (g / h), a1: the chunk of the last features also adds the totals.
    const g = ctrl[CTRL.a0] === 1 ? buf.g : buf.og, h = ctrl[CTRL.a0] === 1 ? buf.h : buf.oh;
    const sums = ctrl[CTRL.a1] === 1 && to === ctrl[CTRL.nf]!;
    if (kernels) buildFeatureRangeWasm(kernels, data, features, from, to, buf.rows, begin, count, g, h, hist, sums ? buf.sums : null);
    else {
      buildFeatureRange(data, features, from, to, buf.rows, begin, count, g, h, hist);
      if (sums) sumGradients(g, h, count, buf.sums);
    }
    return to - from;
  }
  const a = begin + k * ctrl[CTRL.chunk]!, b = Math.min(begin + count, a + ctrl[CTRL.chunk]!);
  const a0 = ctrl[CTRL.a0]!, a1 = ctrl[CTRL.a1]!;
  if (kind === JOB.GRAD) gradientRange(buf, a0, a, b, a1 === 1);
  else if (kind === JOB.ADD) addScoreRange(buf, a0, a, b, a1 === 1);
  else if (kind === JOB.MARK) markLeafRange(buf, a0, a, b);
  else if (kind === JOB.GATHER) gatherRange(buf, begin, a, b, kernels);
  else if (kind === JOB.SPLIT) sh.part[k] = splitRange(buf, a0, a, b, kernels);
  else if (kind === JOB.BIN) binStagedRange(sh.tables, buf.bins, buf.n, ctrl.subarray(CTRL.features), ctrl[CTRL.nf]!, a, b);
  else if (kind === JOB.PLACE) placeRange(buf, a, b, sh.part[k]!, sh.part[MAX_ROW_CHUNKS + k]!, sh.part[2 * MAX_ROW_CHUNKS + k]!, a0, a1, kernels);
  return 0;
}
