/**
 * The tensor engines every kernel family's conformance test runs: the reference engine (the
 * yardstick), the CPU engine as shipped, the CPU engine without BLAS or native loops, and WebGPU (outputs
 * poisoned; once as is, once with a 64 KiB binding limit, 64 workgroups per grid dimension and a flush every 3 dispatches, so split paths run)
 * when its module and an adapter (lavapipe counts) exist. Under CI a missing adapter fails.
 * SHORTLIST_CONFORMANCE=cpu|webgpu narrows the list.
 */
import { createCpuEngine, createReferenceEngine } from "./cpu-engine.ts";
import type { TensorEngine } from "./tensor.ts";

export interface EngineCase {
  label: string;
  make: () => Promise<TensorEngine>;
}

async function webgpuCases(): Promise<EngineCase[] | string> {
  process.env.XDG_RUNTIME_DIR ??= "/tmp";
  let create: typeof import("./webgpu-engine.ts").createWebGpuEngine;
  try {
    ({ createWebGpuEngine: create } = await import("./webgpu-engine.ts"));
  } catch (err) {
    return `webgpu module not loadable: ${err instanceof Error ? err.message : String(err)}`;
  }
  const { probeAdapter } = await import("../webgpu/adapter.ts");
  if (!(await probeAdapter())) return "no WebGPU adapter (run scripts/setup to install lavapipe)";
  return [
    { label: "webgpu", make: () => create({ poison: true }) },
    { label: "webgpu (forced splits)", make: () => create({ poison: true, maxBindingBytes: 65536, maxWorkgroupsPerDim: 64, flushEvery: 3 }) },
  ];
}

/**
 * The engines under test (the reference engine is not among them: it is what they are compared with).
 * @example
 * for (const c of await engineCases()) describe(c.label, () => { ... });
 */
export async function engineCases(): Promise<EngineCase[]> {
  const only = process.env.SHORTLIST_CONFORMANCE;
  const cases: EngineCase[] = [];
  if (only !== "webgpu") {
    cases.push({ label: "cpu", make: async () => createCpuEngine({ poison: true }) });
    cases.push({ label: "cpu (no BLAS, no native loops, 1 thread)", make: async () => createCpuEngine({ poison: true, blas: "none", native: false, threads: 1 }) });
  }
  if (only !== "cpu") {
    const gpu = await webgpuCases();
    if (typeof gpu === "string" && process.env.CI) throw new Error(`tensor conformance: CI=${process.env.CI} but WebGPU is unavailable: ${gpu}`);
    if (typeof gpu === "string") console.warn(`tensor conformance: skipping webgpu: ${gpu}`);
    else cases.push(...gpu);
  }
  return cases;
}

/** The f64 reference engine (outputs poisoned). */
export function referenceEngine(): TensorEngine {
  return createReferenceEngine({ precision: "f64", poison: true });
}

export { expectAllClose } from "../testing/compare.ts";
