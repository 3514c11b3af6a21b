/**
 * Input checks of the softmax cross-entropy kernels. Shapes are checked here, before any
 * implementation runs; target values are data, so only the CPU engines can check them (see
 * reference.ts: a target outside [−1, N) throws there, and WebGPU ignores such a row).
 */
import { shapeText, type DType, type Tensor } from "../../tensor/tensor.ts";

export interface MaskAttrs {
  /** What masked logits become (default −Infinity). */
  value?: number;
}

/** "logits [3, 4], targets [5]" for messages. */
function shapes(names: readonly string[], inputs: readonly Tensor[]): string {
  return names.map((n, i) => `${n} ${inputs[i] ? shapeText(inputs[i]!.shape) : "(missing)"}`).join(", ");
}

/** Checks count, dtypes and ranks; `dims[k]` is the expected shape of input k (B and N known). */
function expectShapes(kernel: string, names: readonly string[], dtypes: readonly DType[], inputs: readonly Tensor[], dims: (b: number, n: number) => number[][]): void {
  const all = () => shapes(names, inputs);
  if (inputs.length !== names.length) throw new RangeError(`${kernel}: found ${inputs.length} inputs (${all()}), expected ${names.length} (${names.join(", ")})`);
  const logits = inputs[0]!;
  if (logits.rank !== 2) throw new RangeError(`${kernel}: ${all()}: logits must be 2-D [B, N]`);
  const want = dims(logits.shape[0]!, logits.shape[1]!);
  inputs.forEach((t, i) => {
    if (t.dtype !== dtypes[i]) throw new RangeError(`${kernel}: ${all()}: ${names[i]} is ${t.dtype}, expected ${dtypes[i]}`);
    const w = want[i]!;
    if (t.rank !== w.length || t.shape.some((d, k) => d !== w[k])) {
      throw new RangeError(`${kernel}: ${all()}: ${names[i]} must be ${shapeText(w)}`);
    }
  });
}

/**
 * SoftmaxCrossEntropy: logits f32 [B, N], targets i32 [B].
 * @example
 * validateSoftmaxCrossEntropy([logits, targets]); // throws a RangeError naming every shape
 */
export function validateSoftmaxCrossEntropy(inputs: readonly Tensor[]): void {
  expectShapes("SoftmaxCrossEntropy", ["logits", "targets"], ["f32", "i32"], inputs, (b, n) => [[b, n], [b]]);
}

/**
 * SoftmaxCrossEntropyGrad: logits f32 [B, N], targets i32 [B], lse f32 [B, 1], dloss f32 [B, 1].
 * @example
 * validateSoftmaxCrossEntropyGrad([logits, targets, lse, dloss]); // throws a RangeError naming every shape
 */
export function validateSoftmaxCrossEntropyGrad(inputs: readonly Tensor[]): void {
  if (inputs.length === 5) {
    expectShapes("SoftmaxCrossEntropyGrad", ["logits", "targets", "lse", "dloss", "probabilities"], ["f32", "i32", "f32", "f32", "f32"], inputs, (b, n) => [[b, n], [b], [b, 1], [b, 1], [b, n]]);
    return;
  }
  expectShapes("SoftmaxCrossEntropyGrad", ["logits", "targets", "lse", "dloss"], ["f32", "i32", "f32", "f32"], inputs, (b, n) => [[b, n], [b], [b, 1], [b, 1]]);
}

/** Attributes of SoftmaxCrossEntropy. */
export interface SoftmaxAttrs {
  /**
   * Also output probabilities [B, N] = exp(logits − lse) (0 where a logit is −∞), which the
   * gradient then takes as a fifth input instead of recomputing B·N exponentials: on the CPU
   * engine that halves the softmax's cost for 64 MiB of memory at B = N = 4,096.
   */
  probabilities?: boolean;
}

/**
 * MaskAccidentalHits: logits f32 [B, N], rowIds i32 [B], colIds i32 [N], targets i32 [B]; value a number, not NaN.
 * @example
 * validateMaskAccidentalHits([logits, rowIds, colIds, targets], { value: -1e9 });
 */
export function validateMaskAccidentalHits(inputs: readonly Tensor[], attrs: MaskAttrs): void {
  expectShapes("MaskAccidentalHits", ["logits", "rowIds", "colIds", "targets"], ["f32", "i32", "i32", "i32"], inputs, (b, n) => [[b, n], [b], [n], [b]]);
  const v = attrs.value;
  if (v !== undefined && (typeof v !== "number" || Number.isNaN(v))) {
    throw new RangeError(`MaskAccidentalHits: ${shapes(["logits"], inputs)}: value ${String(v)} is not a number (expected e.g. -Infinity or -1e9)`);
  }
}

/**
 * The target of row `i` as a column, or −1 when the row is ignored; throws (CPU engines) for a
 * target outside [−1, N).
 * @example
 * targetColumn("SoftmaxCrossEntropy", targets, 0, 10); // 3, or -1 for an ignored row
 */
export function targetColumn(kernel: string, targets: ArrayLike<number>, i: number, n: number): number {
  const t = targets[i]!;
  if (t === -1) return -1;
  if (!(t >= 0 && t < n)) throw new RangeError(`${kernel}: targets[${i}] = ${t}, expected a column in [0, ${n}) or -1 (ignore the row)`);
  return t;
}
