/**
 * The backends the conformance suite runs: the CPU backend as shipped (OpenBLAS where present),
 * the CPU backend on MLAS with thresholds forced down so its chunked/blocked/worker paths run on
 * small inputs, a single-threaded one (MLAS), and WebGPU (outputs poisoned; once as is, once
 * with tiny binding and dispatch limits so every split path runs) when its module is built and
 * an adapter (lavapipe counts) exists.
 */
import type { Backend } from "../types.ts";
import { createCpuBackend } from "../cpu/backend.ts";

/** A backend under test and how to make it. */
export interface BackendCase {
  label: string;
  make: () => Promise<Backend>;
}

/** Loads the WebGPU cases if the module and an adapter exist; otherwise says why not. */
async function webgpuCases(): Promise<BackendCase[] | string> {
  process.env.XDG_RUNTIME_DIR ??= "/tmp"; // Mesa's Vulkan loader warns without it
  let create: (o: { maxBindingBytes?: number; maxWorkgroupsPerDim?: number; subgroups?: boolean }) => Promise<Backend>;
  try {
    const { createWebGpuBackend } = await import("../webgpu/backend.ts");
    // Every output buffer starts as NaN bits, so an element a kernel forgot shows up.
    create = (o) => createWebGpuBackend({ ...o, poisonOutputs: true });
  } catch (err) {
    return `webgpu module not loadable: ${err instanceof Error ? err.message : String(err)}`;
  }
  const { probeAdapter } = await import("../webgpu/adapter.ts");
  if (!(await probeAdapter())) return "no WebGPU adapter (run scripts/setup to install lavapipe)";
  return [
    { label: "webgpu", make: () => create({}) },
    {
      label: "webgpu (forced splits, no subgroups)",
      make: () => create({ maxBindingBytes: 4096, maxWorkgroupsPerDim: 7, subgroups: false }),
    },
  ];
}

/**
 * Every backend case available in this process; prints why WebGPU is skipped when it is.
 * SHORTLIST_CONFORMANCE=cpu|webgpu narrows the list.
 * @example
 * for (const c of await conformanceBackends()) describe(c.label, () => { ... });
 */
export async function conformanceBackends(): Promise<BackendCase[]> {
  const only = process.env.SHORTLIST_CONFORMANCE;
  const cases: BackendCase[] = [];
  if (only !== "webgpu") {
    cases.push({ label: "cpu", make: () => createCpuBackend() });
    cases.push({
      label: "cpu (MLAS, forced blocks, workers, chunks)",
      make: () =>
        createCpuBackend({
          threads: 2,
          blas: "mlas",
          matmul: { smallWork: 0, chunkBytes: 256 },
          cooccurrence: { workerMinPairs: 0 },
          scoreTopK: { blockBytes: 4 * 5 * 7, maxBlockKeys: 7 },
        }),
    });
    cases.push({ label: "cpu (MLAS, 1 thread)", make: () => createCpuBackend({ threads: 1, blas: "mlas" }) });
  }
  if (only !== "cpu") {
    const gpu = await webgpuCases();
    // CI must execute every WGSL kernel (on lavapipe): there a missing adapter is a failure, not a skip.
    if (typeof gpu === "string" && process.env.CI) throw new Error(`conformance: CI=${process.env.CI} but WebGPU is unavailable: ${gpu}`);
    if (typeof gpu === "string") console.warn(`conformance: skipping webgpu: ${gpu}`);
    else cases.push(...gpu);
  }
  return cases;
}
