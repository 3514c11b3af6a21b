/**
 * What the CPU Swing kernels read and write. The arrays may live in SharedArrayBuffers, so the
 * same job object serves the main thread and the workers.
 */

export interface SwingJob {
  nUsers: number;
  nItems: number;
  topN: number;
  alpha: number;
  /** x: user u's items are uitems[uptr[u] .. uptr[u+1]), ascending. */
  uptr: Int32Array;
  uitems: Int32Array;
  /** The transpose of x (every user of each item): what the global overlap matrix is built from. */
  fullPtr: Int32Array;
  fullUsers: Int32Array;
  /** itemUsers: the users whose pairs score item i, ascending. */
  iptr: Int32Array;
  iusers: Int32Array;
  /** w_u per user; absent means 1. */
  weights?: Float32Array;
  /** c_j per item multiplying its scores; absent means 1. */
  candidateWeights?: Float32Array;
  /**
   * |I_u ∩ I_v| at [u·nUsers + v] for u < v (upper triangle only), when the nUsers² matrix fits
   * the memory budget; absent means each item computes the overlaps of its own users.
   */
  overlaps?: Uint16Array | Int32Array;
  /** The items computed (those of the range), in the order workers claim them: the costliest first, so the tail is short. */
  order: Int32Array;
  /** First item of the range: item i's list is row i − firstItem of the outputs. */
  firstItem: number;
  /** Longest row of itemUsers: sizes the per-thread scratch. */
  maxUsers: number;
  outIds: Int32Array;
  outScores: Float32Array;
}

/** Messages the Swing workers accept: one phase of the job over claimed ranges. */
export interface SwingWorkerMessage {
  phase: "overlaps" | "items";
  job: SwingJob;
  /** Shared claim counter (Atomics.add). */
  next: Int32Array;
  /** Units claimed at a time: user rows (overlaps, up to nUsers) or positions of job.order (items, up to order.length). */
  block: number;
}
