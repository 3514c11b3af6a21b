/**
 * @shortlist/core-gpu: matmul, embedding, sparse co-occurrence and top-K kernels with the same
 * results on WebGPU and on the CPU (start with `createBackend()`), and the tensor engines with
 * their open kernel registry (start with `createEngine()`; register kernels with `defineKernel`,
 * writing WebGPU ones with "@shortlist/core-gpu/webgpu"). Importing this module never loads Dawn.
 */
// The built-in kernel families register themselves on import (none loads Dawn: WGSL is text).
import "./kernels/index.ts";
export type * from "./types.ts";
export {
  createBackend, describe, describe as describeBackend, resolveChoice, type CreateBackendOptions, type Resolved,
} from "./select.ts";
export { createCpuBackend, type CpuBackendOptions } from "./cpu/backend.ts";
export { threadsFromEnv } from "./cpu/threads-env.ts";
export { referenceBackend } from "./reference/backend.ts";
export { swingTopN, cpuSwingTopN, referenceSwingTopN, topListsDiffer, type SwingOptions } from "./swing/index.ts";
export { Rng, seededRandom, hash32, keyOf } from "./random/rng.ts";

// Tensors, engines and the kernel registry.
export { Tensor, sizeOf, shapeText, sameShape, type DType, type EngineKind, type HostData, type TensorEngine } from "./tensor/tensor.ts";
export { tidy, keep } from "./tensor/scope.ts";
export { CpuEngine, createCpuEngine, createReferenceEngine, type CpuEngineOptions, type CpuStorage } from "./tensor/cpu-engine.ts";
export { createEngine, type CreateEngineOptions } from "./tensor/select-engine.ts";
export {
  defineKernel, registerKernel, runKernel, hasKernel, listKernels, registerHostKernel, runHostKernel, observeKernels,
  type KernelFn, type KernelSpec, type HostKernelFn,
} from "./tensor/registry.ts";
