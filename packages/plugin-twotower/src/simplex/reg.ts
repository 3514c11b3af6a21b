/**
 * RecBole's `reg_weight` term for SimpleX (its EmbLoss with require_pow False):
 *   reg · (‖E_user‖ + ‖E_pos‖ + ‖E_hist‖ + ‖E_neg‖) / B
 * where each E stacks the embedding rows the batch looked up, one row per lookup (a user or item
 * that occurs twice counts twice; the history's padding rows are zero), and ‖·‖ is the Frobenius
 * norm, not its square. RecBole's `reg_weight` 1e-5 therefore pulls a row by about
 * 1e-5 · e / (B · ‖E‖) per step: next to nothing. It used to be coupled weight decay (g += 1e-5 · p),
 * about B · ‖E‖ ≈ 10⁴× stronger, enough to slow training on ML-100K (the training loss stalled
 * ~0.01 above the PyTorch peer's from epoch 6 on; see the package README).
 *
 * Each norm is computed from the distinct rows and how often each was looked up:
 * ‖E‖² = Σ_k count_k · ‖e_k‖², so the batch's B·N negatives or B·L history slots are never gathered.
 */
import type { Tensor, TensorEngine } from "@shortlist/core-gpu";
import * as nn from "@shortlist/core-gpu/nn";

/** Distinct ids and how many lookups each stands for. */
export interface CountedIds {
  unique: Int32Array;
  counts: Float32Array;
}

/**
 * √(Σ_k counts[k] · ‖rows[k]‖²): the Frobenius norm of `rows` with row k repeated counts[k] times.
 * @example const n = repeatedNorm(engine, nn.embedding(table, ids), counts); // scalar tensor
 */
export function repeatedNorm(engine: TensorEngine, rows: Tensor, counts?: Float32Array): Tensor {
  const sq = nn.sum(nn.square(rows), 1);
  return nn.sqrt(nn.sum(counts ? nn.mul(sq, engine.fromHost(counts, sq.shape)) : sq));
}

/**
 * How often each position of `unique` (indices into it: `inverse`) was looked up.
 * @example countsOf(new Int32Array([1, 0, 1]), 2) // [1, 2]
 */
export function countsOf(inverse: Int32Array, distinct: number): Float32Array {
  const c = new Float32Array(distinct);
  for (let p = 0; p < inverse.length; p++) c[inverse[p]!]!++;
  return c;
}

/**
 * The items in the histories of a batch: bag b (ids[offsets[b] .. offsets[b+1])) belongs to a
 * distinct user that occurs userCounts[b] times in the batch, so each of its items counts that often.
 * @example const h = historyCounts(bagIds, bagOffsets, countsOf(inverse, unique.length), nItems);
 */
export function historyCounts(ids: Int32Array, offsets: Int32Array, userCounts: Float32Array, rows: number): CountedIds {
  const total = new Float32Array(rows);
  for (let b = 0; b + 1 < offsets.length; b++) for (let p = offsets[b]!; p < offsets[b + 1]!; p++) total[ids[p]!]! += userCounts[b]!;
  let n = 0;
  for (let r = 0; r < rows; r++) if (total[r]! > 0) n++;
  const unique = new Int32Array(n);
  const counts = new Float32Array(n);
  for (let r = 0, k = 0; r < rows; r++) if (total[r]! > 0) (unique[k] = r), (counts[k++] = total[r]!);
  return { unique, counts };
}
