/**
 * The Swing kernel family on both backends. `swingTopN` picks the WGSL kernel on a WebGPU
 * backend (through the runtime it exposes) and the CPU kernel otherwise (same results up to
 * float rounding: the GPU sums with atomics in f32, the CPU in f64).
 */
import type { Backend, Csr, TopK } from "../types.ts";
import type { WebGpuBackend } from "../webgpu/backend.ts";
import type { GpuRuntime } from "../webgpu/runtime.ts";
import { cpuSwingTopN } from "./cpu.ts";
import type { SwingOptions } from "./types.ts";

export type { SwingOptions } from "./types.ts";
export { cpuSwingTopN, defaultSwingTuning, type SwingCpuTuning } from "./cpu.ts";
export { referenceSwingTopN } from "./reference.ts";
export { transposePattern } from "./transpose.ts";
export { topListsDiffer } from "./testing.ts";

/** The runtime of a WebGPU backend (createWebGpuBackend exposes it as `runtime`). */
function runtimeOf(backend: Backend): GpuRuntime | undefined {
  return backend.name === "webgpu" && "runtime" in backend ? (backend as WebGpuBackend).runtime : undefined;
}

/**
 * Per item, the top-N items by Swing score (see types.ts) on `backend`.
 * @example
 * const backend = await createBackend("auto");
 * const nb = await swingTopN(backend, userItems, { topN: 20, alpha: 1, userWeights, itemUsers });
 */
export async function swingTopN(backend: Backend, x: Csr, o: SwingOptions): Promise<TopK> {
  const rt = runtimeOf(backend);
  if (!rt) return cpuSwingTopN(x, o);
  // Loaded lazily so CPU-only callers never load the WebGPU (Dawn) module.
  const { webgpuSwingTopN } = await import("./webgpu.ts");
  return webgpuSwingTopN(rt, x, o);
}
