/**
 * The Swing kernel family on both backends, registered as the host kernel "SwingTopN": the CPU
 * kernel for "cpu" backends and the WGSL kernel for "webgpu" ones (same results up to float
 * rounding: the GPU sums with atomics in f32, the CPU in f64). `swingTopN` runs whichever the
 * backend's name selects.
 */
import { registerHostKernel, runHostKernel } from "../tensor/registry.ts";
import type { Backend, Csr, TopK } from "../types.ts";
import type { WebGpuBackend } from "../webgpu/backend.ts";
import { cpuSwingTopN } from "./cpu.ts";
import type { SwingOptions } from "./types.ts";

export type { SwingOptions } from "./types.ts";
export { cpuSwingTopN, defaultSwingTuning, type SwingCpuTuning } from "./cpu.ts";
export { referenceSwingTopN } from "./reference.ts";
export { transposePattern } from "./transpose.ts";
export { topListsDiffer } from "./testing.ts";

registerHostKernel<[Csr, SwingOptions], TopK>("SwingTopN", "cpu", (_backend, x, o) => cpuSwingTopN(x, o));

registerHostKernel<[Csr, SwingOptions], TopK>("SwingTopN", "webgpu", async (backend, x, o) => {
  // A backend named "webgpu" that exposes no runtime (a wrapper, a test double) gets the CPU kernel.
  if (!("runtime" in backend)) return cpuSwingTopN(x, o);
  // Loaded lazily so CPU-only callers never load the WebGPU (Dawn) module.
  const { webgpuSwingTopN } = await import("./webgpu.ts");
  return webgpuSwingTopN((backend as WebGpuBackend).runtime, x, o);
});

/**
 * Per item, the top-N items by Swing score (see types.ts) on `backend`.
 * @example
 * const backend = await createBackend("auto");
 * const nb = await swingTopN(backend, userItems, { topN: 20, alpha: 1, userWeights, itemUsers });
 */
export function swingTopN(backend: Backend, x: Csr, o: SwingOptions): Promise<TopK> {
  return runHostKernel<TopK>("SwingTopN", backend, x, o);
}
