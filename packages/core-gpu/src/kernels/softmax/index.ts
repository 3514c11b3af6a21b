/**
 * The softmax cross-entropy kernel family (sampled-softmax / in-batch-negatives training):
 * "SoftmaxCrossEntropy" (loss and log-sum-exp per row), "SoftmaxCrossEntropyGrad" (dlogits)
 * and "MaskAccidentalHits" (in place: hide a row's own positive where it appears as another
 * row's column). Semantics (masked entries, ignored rows) are documented in reference.ts.
 * @example
 * import "./kernels/softmax/index.ts";
 * const [loss, lse] = runKernel("SoftmaxCrossEntropy", [logits, targets], {});
 * const [dlogits] = runKernel("SoftmaxCrossEntropyGrad", [logits, targets, lse, dloss], {});
 * // or keep the probabilities: runKernel("SoftmaxCrossEntropy", [logits, targets], { probabilities: true }) → [loss, lse, probs],
 * // then runKernel("SoftmaxCrossEntropyGrad", [logits, targets, lse, dloss, probs], {})
 * runKernel("MaskAccidentalHits", [logits, rowIds, colIds, targets], { value: -Infinity });
 */
import { defineKernel } from "../../tensor/registry.ts";
import { cpuMaskAccidentalHits, cpuSoftmaxCrossEntropy, cpuSoftmaxCrossEntropyGrad } from "./cpu.ts";
import { referenceMaskAccidentalHits, referenceSoftmaxCrossEntropy, referenceSoftmaxCrossEntropyGrad } from "./reference.ts";
import { validateMaskAccidentalHits, validateSoftmaxCrossEntropy, validateSoftmaxCrossEntropyGrad, type MaskAttrs, type SoftmaxAttrs } from "./validate.ts";
import { webgpuMaskAccidentalHits, webgpuSoftmaxCrossEntropy, webgpuSoftmaxCrossEntropyGrad } from "./webgpu.ts";

export type { MaskAttrs, SoftmaxAttrs } from "./validate.ts";

defineKernel<SoftmaxAttrs>({
  name: "SoftmaxCrossEntropy",
  validate: validateSoftmaxCrossEntropy,
  cpu: cpuSoftmaxCrossEntropy,
  webgpu: webgpuSoftmaxCrossEntropy,
  reference: referenceSoftmaxCrossEntropy,
});

defineKernel({
  name: "SoftmaxCrossEntropyGrad",
  validate: validateSoftmaxCrossEntropyGrad,
  cpu: cpuSoftmaxCrossEntropyGrad,
  webgpu: webgpuSoftmaxCrossEntropyGrad,
  reference: referenceSoftmaxCrossEntropyGrad,
});

defineKernel<MaskAttrs>({
  name: "MaskAccidentalHits",
  validate: validateMaskAccidentalHits,
  cpu: cpuMaskAccidentalHits,
  webgpu: webgpuMaskAccidentalHits,
  reference: referenceMaskAccidentalHits,
});
