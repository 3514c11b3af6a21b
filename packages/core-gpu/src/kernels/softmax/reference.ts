/**
 * The softmax cross-entropy kernels as plain loops (f64 on the f64 reference engine): the
 * yardstick the CPU and WebGPU implementations are compared with.
 *
 * Semantics every engine follows:
 * - lse[i] = log Σ_j exp(logits[i, j]), computed as max + log Σ exp(x − max). −Infinity entries
 *   (masked) contribute 0; a row whose entries are all −Infinity (or N = 0) has lse −Infinity.
 * - targets[i] = −1 ignores row i: loss 0 and a zero gradient row; lse is still computed.
 * - loss[i] = lse[i] − logits[i, t]; when logits[i, t] is −Infinity (the target is masked, or
 *   the whole row is) the target has no probability mass and loss is +Infinity (not NaN).
 * - dlogits[i, j] = (p_ij − [j = t]) · dloss[i] with p_ij = exp(logits[i, j] − lse[i]), and
 *   p_ij = 0 where logits[i, j] is −Infinity (so an all-masked row never gives NaN).
 * - NaN logits give NaN results on the CPU engines; WebGPU's max() may drop them.
 * - With `probabilities`, the forward also outputs p = exp(logits − lse) (0 where a logit is −∞)
 *   and the gradient may take it as a fifth input in place of recomputing it.
 */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { targetColumn, type MaskAttrs, type SoftmaxAttrs } from "./validate.ts";

/**
 * log Σ exp(row[from + j]) over n entries, stably (max first); −Infinity for an all-masked or empty row.
 * @example
 * logSumExp([0, 0], 0, 2); // Math.LN2
 */
export function logSumExp(row: ArrayLike<number>, from: number, n: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, row[from + j]!);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let j = 0; j < n; j++) sum += Math.exp(row[from + j]! - max);
  return max + Math.log(sum);
}

/**
 * [loss [B, 1], lse [B, 1]] from logits [B, N] and targets [B], as plain f64 loops.
 * @example
 * const [loss, lse] = referenceSoftmaxCrossEntropy(ref, [logits, targets]);
 */
export function referenceSoftmaxCrossEntropy(engine: CpuEngine, [logits, targets]: readonly Tensor[], attrs: SoftmaxAttrs = {}): Tensor[] {
  const [b, n] = logits!.shape as [number, number];
  const x = engine.data(logits!);
  const t = engine.data(targets!);
  const loss = engine.empty([b, 1]);
  const lse = engine.empty([b, 1]);
  const dl = engine.data(loss);
  const dz = engine.data(lse);
  for (let i = 0; i < b; i++) {
    const z = logSumExp(x, i * n, n);
    const col = targetColumn("SoftmaxCrossEntropy", t, i, n);
    dz[i] = z;
    if (col < 0) dl[i] = 0;
    else dl[i] = x[i * n + col] === -Infinity ? Infinity : z - x[i * n + col]!;
  }
  if (!attrs.probabilities) return [loss, lse];
  const probs = engine.empty([b, n]);
  const p = engine.data(probs);
  for (let i = 0; i < b; i++) for (let j = 0; j < n; j++) p[i * n + j] = x[i * n + j] === -Infinity ? 0 : Math.exp(x[i * n + j]! - dz[i]!);
  return [loss, lse, probs];
}

/**
 * [dlogits [B, N]] = (exp(logits − lse) − onehot(targets)) · dloss, as plain loops.
 * @example
 * const [dlogits] = referenceSoftmaxCrossEntropyGrad(ref, [logits, targets, lse, dloss]);
 */
export function referenceSoftmaxCrossEntropyGrad(engine: CpuEngine, [logits, targets, lse, dloss, probs]: readonly Tensor[]): Tensor[] {
  const [b, n] = logits!.shape as [number, number];
  const x = engine.data(logits!);
  const t = engine.data(targets!);
  const z = engine.data(lse!);
  const g = engine.data(dloss!);
  const out = engine.empty([b, n]);
  const d = engine.data(out);
  const given = probs ? engine.data(probs) : undefined;
  for (let i = 0; i < b; i++) {
    const col = targetColumn("SoftmaxCrossEntropyGrad", t, i, n);
    for (let j = 0; j < n; j++) {
      if (col < 0) {
        d[i * n + j] = 0;
        continue;
      }
      const v = x[i * n + j]!;
      const p = given ? given[i * n + j]! : v === -Infinity ? 0 : Math.exp(v - z[i]!);
      d[i * n + j] = (p - (j === col ? 1 : 0)) * g[i]!;
    }
  }
  return [out];
}

/**
 * In place: logits[i, j] = value where colIds[j] == rowIds[i] and j != targets[i]; returns [].
 * @example
 * referenceMaskAccidentalHits(ref, [logits, rowIds, colIds, targets], { value: -Infinity });
 */
export function referenceMaskAccidentalHits(engine: CpuEngine, [logits, rowIds, colIds, targets]: readonly Tensor[], attrs: MaskAttrs): Tensor[] {
  const [b, n] = logits!.shape as [number, number];
  const x = engine.data(logits!);
  const r = engine.data(rowIds!);
  const c = engine.data(colIds!);
  const t = engine.data(targets!);
  const value = attrs.value ?? -Infinity;
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < n; j++) if (c[j] === r[i] && j !== t[i]) x[i * n + j] = value;
  }
  return [];
}
