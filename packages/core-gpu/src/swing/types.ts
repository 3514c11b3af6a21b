/**
 * The Swing kernel family (Yang et al. 2020, "Large Scale Product Graph Construction for
 * Recommendation in E-commerce"): for every item i, the top-N items j ≠ i by
 *
 *   s(i,j) = Σ_{u,v ∈ S_i, u ≠ v, j ∈ I_u ∩ I_v} w_u·w_v / (α + |I_u ∩ I_v|)
 *
 * where I_u is user u's item list (a row of the user×item CSR `x`), S_i the users whose pairs
 * score item i (row i of `itemUsers`: all users of i by default, a sample of them when the caller
 * caps it) and w_u a per-user weight; an optional per-candidate weight c_j multiplies s(i,j)
 * (e.g. a popularity discount). The sum runs over ordered pairs, as in the paper, so every
 * unordered pair {u, v} counts twice. Items j sharing no user pair with i are never neighbours.
 */
import type { Csr } from "../types.ts";

export interface SwingOptions {
  /** Neighbours kept per item (by score descending, ties by lower item id). */
  topN: number;
  /** The smoothing α ≥ 0 in 1 / (α + |I_u ∩ I_v|). */
  alpha: number;
  /** w_u per user (row of x), finite and > 0; default 1. */
  userWeights?: Float32Array;
  /** c_j per item (column of x), finite and > 0, multiplying every score s(·, j); default 1. */
  candidateWeights?: Float32Array;
  /**
   * item×user CSR: row i lists the users whose pairs score item i, each of whom must have item i
   * in x (so every pair overlaps in at least one item). Default: the transpose of x.
   */
  itemUsers?: Csr;
  /** Items per block (GPU: per dispatch group; CPU: per claimed unit of work). Backend picks if absent. */
  blockItems?: number;
  /**
   * Computes only the lists of dense items from ≤ i < to (a shard of the catalogue): the result
   * has to − from rows, row r being item from + r, each identical to that item's row of the full
   * call (user sampling, weights and overlaps stay global). Default: every item.
   */
  items?: { from: number; to: number };
  /**
   * A key object standing for this call's input: later calls with the same key — which promise the
   * same `x` and options, only `items` differing — reuse the copies, the transpose and the user
   * overlap matrix the first call built (CPU backend), so a worker computing many item ranges of
   * one input builds them once. Held weakly.
   */
  reuse?: object;
  /** Called after each block with (itemsDone, itemsToDo): itemsToDo is nItems, or to − from with `items`. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Cancels the call. Aborting rejects with the signal's reason (between blocks on the main
   * thread, at once when workers run) and leaves the backend usable.
   * On WebGPU the signal is checked between GPU submissions.
   */
  signal?: AbortSignal;
}
