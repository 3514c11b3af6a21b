/**
 * What the CPU co-occurrence kernel works on, in a module of its own so that the kernel and the
 * top-N selection it calls both depend on it rather than on each other: the job (inputs and
 * outputs, possibly in SharedArrayBuffers so workers share them), the transform codes, and the
 * per-thread scratch.
 */

/** Transform codes (PairTransform kinds) as the kernel switches on them. */
export const TRANSFORM_CODE = { none: 0, cosine: 1, jaccard: 2, asymmetric: 3 } as const;

/** Everything the kernel reads and writes; arrays may live in SharedArrayBuffers. */
export interface CoocJob {
  nItems: number;
  topN: number;
  minCount: number;
  transform: number;
  shrink: number;
  indptr: Int32Array;
  indices: Int32Array;
  values?: Float32Array;
  colptr: Int32Array;
  colUsers: Int32Array;
  /** Per CSC entry: w_u · x_ui, precomputed so the inner loop does one multiply. */
  colScale?: Float32Array;
  /** Denominator statistics per item: rowStat (cosine, jaccard) or rowStat^alpha (asymmetric). */
  statI?: Float64Array;
  /** rowStat^(1−alpha) per item (asymmetric only). */
  statJ?: Float64Array;
  /** The items computed, [firstItem, endItem) (default: all): item i's list is row i − firstItem of the outputs. */
  firstItem?: number;
  endItem?: number;
  outIds: Int32Array;
  outScores: Float32Array;
}

/** Per-thread scratch, reused across items. */
export interface CoocScratch {
  acc: Float64Array;
  count: Int32Array;
  touched: Int32Array;
}

/**
 * Scratch arrays for a catalogue of n items.
 * @example
 * const s = createScratch(3706);
 */
export function createScratch(n: number): CoocScratch {
  return { acc: new Float64Array(n), count: new Int32Array(n), touched: new Int32Array(n) };
}
