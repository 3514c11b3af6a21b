/** The shared memory the histogram workers and the trainer both see (see parallel.ts). */
export interface SharedBuffers {
  ctrl: Int32Array;
  bins: Uint8Array | Uint16Array;
  rowsTotal: number;
  histOffset: Int32Array;
  histSlots: number;
  rows: Int32Array;
  og: Float32Array;
  oh: Float32Array;
  /** Histogram slots back to back, histSlots · 3 doubles each. */
  hists: Float64Array;
  threads: number;
}

/**
 * Int32 indices in the control block. `claim` packs the current job's chunk count (high 16 bits)
 * and its next unclaimed chunk (low 16 bits; chunk k = features k·CHUNK .. k·CHUNK + CHUNK - 1 of
 * the job's list): a claim succeeds only while the current job has chunks left, and the job's other
 * fields are read after the claim — the job cannot end (nor its fields change) while a claimed
 * chunk is unfinished, so a worker that woke late can never mix two jobs.
 */
export const CTRL = { seq: 0, finished: 1, ready: 2, quit: 3, slot: 4, begin: 5, count: 6, nf: 7, claim: 8, workerBuilt: 9, features: 10 } as const;
/** Features per claim: the kernel interleaves four features per pass over the rows (histogram.ts). */
export const CHUNK = 4;
/** Most features a parallel build takes (larger lists are built on the calling thread). */
export const MAX_PARALLEL_FEATURES = 0x7fff;

/**
 * Claims the next chunk of the current job: its index, or -1 when none is left.
 * @example for (let k = claim(ctrl); k >= 0; k = claim(ctrl)) build(k * CHUNK, Math.min(nf, k * CHUNK + CHUNK));
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

/** The claim word that opens a job of nf features at chunk 0. */
export const openClaim = (nf: number): number => chunks(nf) << 16;
