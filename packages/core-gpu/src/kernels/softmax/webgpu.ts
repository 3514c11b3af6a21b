/**
 * The softmax cross-entropy kernels on the WebGPU engine. These run over activations (a batch
 * of logits), not parameters, so instead of splitting they throw a RangeError when a tensor
 * exceeds one binding: 4,096 × 4,096 logits (64 MiB) fit lavapipe's 128 MiB.
 */
import { shapeText, type Tensor } from "../../tensor/tensor.ts";
import type { WebGpuEngine } from "../../tensor/webgpu-engine.ts";
import type { MaskAttrs, SoftmaxAttrs } from "./validate.ts";
import { ELEM_WORKGROUP, maskAccidentalHitsProgram, softmaxCrossEntropyGradProgram, softmaxCrossEntropyProgram, softmaxGradFromProbabilitiesProgram, softmaxProbabilitiesProgram } from "./wgsl.ts";

/** Throws when logits [B, N] (the largest binding) exceed the device's binding limit. */
function checkBinding(kernel: string, engine: WebGpuEngine, logits: Tensor): void {
  const bytes = 4 * logits.size;
  if (bytes > engine.maxBindingBytes) {
    throw new RangeError(`${kernel}: logits ${shapeText(logits.shape)} take ${bytes} bytes, above this device's ${engine.maxBindingBytes}-byte binding limit (split the batch into fewer rows)`);
  }
}

/**
 * [loss [B, 1], lse [B, 1]]: one workgroup per row.
 * @example
 * const [loss, lse] = webgpuSoftmaxCrossEntropy(gpu, [logits, targets]);
 */
export function webgpuSoftmaxCrossEntropy(engine: WebGpuEngine, [logits, targets]: readonly Tensor[], attrs: SoftmaxAttrs = {}): Tensor[] {
  checkBinding("SoftmaxCrossEntropy", engine, logits!);
  const [b, n] = logits!.shape as [number, number];
  const loss = engine.empty([b, 1]);
  const lse = engine.empty([b, 1]);
  const s = (t: Tensor) => engine.slice(t);
  engine.dispatch(softmaxCrossEntropyProgram, [s(logits!), s(targets!), s(loss), s(lse)], [b, n], b);
  if (!attrs.probabilities) return [loss, lse];
  const probs = engine.empty([b, n]);
  engine.dispatch(softmaxProbabilitiesProgram, [s(logits!), s(lse), s(probs)], [b * n, n], Math.ceil((b * n) / ELEM_WORKGROUP));
  return [loss, lse, probs];
}

/**
 * [dlogits [B, N]]: one thread per element.
 * @example
 * const [dlogits] = webgpuSoftmaxCrossEntropyGrad(gpu, [logits, targets, lse, dloss]);
 */
export function webgpuSoftmaxCrossEntropyGrad(engine: WebGpuEngine, [logits, targets, lse, dloss, probs]: readonly Tensor[]): Tensor[] {
  checkBinding("SoftmaxCrossEntropyGrad", engine, logits!);
  const [b, n] = logits!.shape as [number, number];
  const out = engine.empty([b, n]);
  const s = (t: Tensor) => engine.slice(t);
  const groups = Math.ceil((b * n) / ELEM_WORKGROUP);
  if (probs) engine.dispatch(softmaxGradFromProbabilitiesProgram, [s(targets!), s(probs), s(dloss!), s(out)], [b * n, n], groups);
  else engine.dispatch(softmaxCrossEntropyGradProgram, [s(logits!), s(targets!), s(lse!), s(dloss!), s(out)], [b * n, n], groups);
  return [out];
}

/**
 * In place, one thread per element; returns [].
 * @example
 * webgpuMaskAccidentalHits(gpu, [logits, rowIds, colIds, targets], { value: -1e9 });
 */
export function webgpuMaskAccidentalHits(engine: WebGpuEngine, [logits, rowIds, colIds, targets]: readonly Tensor[], attrs: MaskAttrs): Tensor[] {
  checkBinding("MaskAccidentalHits", engine, logits!);
  const [b, n] = logits!.shape as [number, number];
  const s = (t: Tensor) => engine.slice(t);
  engine.dispatch(maskAccidentalHitsProgram, [s(logits!), s(rowIds!), s(colIds!), s(targets!)], [b * n, n, attrs.value ?? -Infinity], Math.ceil((b * n) / ELEM_WORKGROUP));
  return [];
}
