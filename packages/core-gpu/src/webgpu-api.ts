/**
 * @shortlist/core-gpu/webgpu: what a kernel author needs to write a WebGPU implementation —
 * the ProgramInfo description, WGSL helpers for 2-D grids, the engine's type and its factory.
 * Importing this module does not load Dawn: `createWebGpuEngine` imports the engine on its first
 * call, so a kernel family may import its WGSL helpers from here and still run CPU-only.
 * @example
 * import { linearEntry, threadIndex, type ProgramInfo, type WebGpuEngine } from "@shortlist/core-gpu/webgpu";
 */
import type { WebGpuEngine, WebGpuEngineOptions } from "./tensor/webgpu-engine.ts";
import type { RuntimeOptions } from "./webgpu/runtime.ts";

export type { BindingDecl, ProgramInfo, UniformType } from "./webgpu/program.ts";
export { packUniforms, programKey, shaderSource } from "./webgpu/program.ts";
export { isNanFn, linearEntry, ranksAboveFn, threadIndex, workgroupIndex } from "./webgpu/wgsl.ts";
export { gridFor } from "./webgpu/dispatch-grid.ts";
export { GpuError, type GpuErrorKind } from "./webgpu/errors.ts";
export type { GpuSlice, WebGpuEngine, WebGpuEngineOptions } from "./tensor/webgpu-engine.ts";
export type { RuntimeOptions } from "./webgpu/runtime.ts";

/**
 * A WebGPU tensor engine on its own device (loads Dawn on first call; rejects when no adapter).
 * @example
 * const gpu = await createWebGpuEngine({ poison: true });
 * const x = gpu.fromHost(new Float32Array([1, 2]), [2]);
 * await gpu.dispose();
 */
export async function createWebGpuEngine(opts: WebGpuEngineOptions & RuntimeOptions = {}): Promise<WebGpuEngine> {
  const { createWebGpuEngine: create } = await import("./tensor/webgpu-engine.ts");
  return create(opts);
}
