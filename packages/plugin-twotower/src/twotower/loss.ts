/**
 * The two-tower loss: sampled softmax where row i's positive is column i and the other columns
 * are the batch's other positives plus optional extra sampled negatives (shared by all rows),
 * with accidental-hit masking (a column holding row i's own positive item is hidden), the logQ
 * correction (each column's logit minus the log of its expected count among the columns) and a
 * temperature. Without extra negatives it is core-gpu's inBatchSoftmax.
 */
import { runKernel, type Tensor } from "@shortlist/core-gpu";
import { affine, matmul, softmaxCrossEntropy, sub } from "@shortlist/core-gpu/nn";

export interface SampledSoftmaxOptions {
  temperature: number;
  /** Item of each column (B positives, then the extra negatives): masks accidental hits. */
  columnItems: Int32Array;
  /** Subtracted from each column's logit (after the temperature), length B + N. */
  logQ?: Float32Array;
}

/**
 * Mean cross-entropy of q [B, d] against k [B + N, d].
 * @example
 * const loss = sampledSoftmax(userVecs, itemVecs, { temperature: 0.1, columnItems });
 */
export function sampledSoftmax(q: Tensor, k: Tensor, o: SampledSoftmaxOptions): Tensor {
  const b = q.shape[0]!;
  const cols = k.shape[0]!;
  if (o.columnItems.length !== cols || cols < b) throw new RangeError(`sampledSoftmax: ${cols} item rows, ${o.columnItems.length} column items, ${b} queries`);
  const engine = q.engine;
  const dot = matmul(q, k, { transB: true });
  let logits = o.temperature === 1 ? dot : affine(dot, 1 / o.temperature);
  if (o.logQ) logits = sub(logits, engine.fromHost(o.logQ, [cols]));
  const targets = engine.fromHost(Int32Array.from({ length: b }, (_, i) => i), [b], "i32");
  runKernel("MaskAccidentalHits", [logits, engine.fromHost(o.columnItems.subarray(0, b), [b], "i32"), engine.fromHost(o.columnItems, [cols], "i32"), targets], {});
  return softmaxCrossEntropy(logits, targets);
}

/**
 * log of each column's expected count among the B + N columns: B·p(i) for the in-batch positives
 * (drawn ∝ training frequency) plus N·n(i) for the negatives' sampler.
 * @example
 * const lq = columnLogQ(columnItems, freq, total, 4096, sampler?.probability);
 */
export function columnLogQ(columnItems: Int32Array, counts: Float64Array, total: number, b: number, negatives: number, negativeProb?: (item: number) => number): Float32Array {
  return Float32Array.from(columnItems, (i) => Math.log(Math.max((b * counts[i]!) / total + (negatives > 0 && negativeProb ? negatives * negativeProb(i) : 0), 1e-12)));
}
