/**
 * Kernel family "elementwise": Unary (relu, sigmoid, tanh, exp, log, …, dropout, clipScale),
 * Binary (add, sub, mul, div, …, and the activation gradients) with row/column/scalar
 * broadcasting and an in-place form, and Copy (reshape into fresh storage).
 */
import { defineKernel } from "../../tensor/registry.ts";
import { cpuBinary, cpuCopy, cpuUnary } from "./cpu.ts";
import { referenceBinary, referenceCopy, referenceUnary } from "./reference.ts";
import { validateBinary, validateCopy, validateUnary, type BinaryAttrs, type UnaryAttrs } from "./validate.ts";
import { webgpuBinary, webgpuCopy, webgpuUnary } from "./wgsl.ts";

export { BINARY, UNARY, hash32, keepDropout } from "./ops.ts";
export { binaryPlan, broadcastMode, rowsCols, type BinaryAttrs, type Mode, type UnaryAttrs } from "./validate.ts";

defineKernel<UnaryAttrs>({ name: "Unary", validate: validateUnary, cpu: cpuUnary, webgpu: webgpuUnary, reference: referenceUnary });
defineKernel<BinaryAttrs>({ name: "Binary", validate: validateBinary, cpu: cpuBinary, webgpu: webgpuBinary, reference: referenceBinary });
defineKernel<{ shape: readonly number[] }>({ name: "Copy", validate: validateCopy, cpu: cpuCopy, webgpu: webgpuCopy, reference: referenceCopy });
