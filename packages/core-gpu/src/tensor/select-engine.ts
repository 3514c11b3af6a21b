/**
 * Tensor-engine selection, by the rules of createBackend (src/select.ts): "auto" picks WebGPU
 * only on a hardware adapter (on lavapipe/SwiftShader the CPU engine is faster),
 * SHORTLIST_BACKEND=cpu|webgpu overrides "auto", an explicit choice overrides both. The WebGPU
 * engine is imported lazily, so choosing the CPU never loads Dawn.
 */
import { resolveChoice } from "../select.ts";
import type { BackendChoice } from "../types.ts";
import type { RuntimeOptions } from "../webgpu/runtime.ts";
import { createCpuEngine, type CpuEngineOptions } from "./cpu-engine.ts";
import type { TensorEngine } from "./tensor.ts";
import type { WebGpuEngineOptions } from "./webgpu-engine.ts";

export interface CreateEngineOptions {
  /** Options of the CPU engine when it is chosen. */
  cpu?: CpuEngineOptions;
  /** Options of the WebGPU engine when it is chosen. */
  webgpu?: WebGpuEngineOptions & RuntimeOptions;
  /** Environment to read SHORTLIST_BACKEND from (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Receives one line naming the engine and why it was chosen. */
  log?: (line: string) => void;
  /** Whether a hardware GPU adapter exists (default: probe it; tests replace it). */
  hardwareGpu?: () => Promise<boolean>;
}

async function probeHardwareGpu(): Promise<boolean> {
  try {
    const { hasHardwareAdapter } = await import("../webgpu/adapter.ts");
    return await hasHardwareAdapter();
  } catch {
    return false; // dawn.node missing or unloadable: there is no usable GPU
  }
}

/**
 * Creates the tensor engine for a choice.
 * @example
 * const engine = await createEngine(); // webgpu on a hardware GPU, else cpu
 * const cpu = await createEngine("cpu", { cpu: { threads: 1 } });
 */
export async function createEngine(choice: BackendChoice = "auto", opts: CreateEngineOptions = {}): Promise<TensorEngine> {
  const resolved = await resolveChoice(choice, opts.env ?? process.env, opts.hardwareGpu ?? probeHardwareGpu);
  let engine: TensorEngine;
  if (resolved.backend === "cpu") engine = createCpuEngine(opts.cpu);
  else {
    let mod: typeof import("./webgpu-engine.ts");
    try {
      mod = await import("./webgpu-engine.ts");
    } catch (err) {
      throw new Error(`core-gpu: the webgpu engine could not be loaded (${err instanceof Error ? err.message : String(err)}); use "cpu"`);
    }
    engine = await mod.createWebGpuEngine(opts.webgpu);
  }
  opts.log?.(`core-gpu engine ${engine.kind}: ${engine.description} (${resolved.reason})`);
  return engine;
}
