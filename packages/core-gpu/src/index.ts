/**
 * @shortlist/core-gpu: matmul, embedding, sparse co-occurrence and top-K kernels with the same
 * results on WebGPU and on the CPU. Start with `createBackend()`.
 */
export type * from "./types.ts";
export {
  createBackend, describe, describe as describeBackend, resolveChoice, type CreateBackendOptions, type Resolved,
} from "./select.ts";
export { createCpuBackend, type CpuBackendOptions } from "./cpu/backend.ts";
export { referenceBackend } from "./reference/backend.ts";
export { swingTopN, cpuSwingTopN, referenceSwingTopN, topListsDiffer, type SwingOptions } from "./swing/index.ts";
