import { describe, expect, test } from "bun:test";
import { GPU_TEST_TIMEOUT } from "./test-support.ts";
import { adapterDescription, describeAdapter, hasHardwareAdapter, isSoftwareAdapter, probeAdapter, type AdapterSummary } from "./adapter.ts";

const lavapipe: AdapterSummary = {
  vendor: "mesa", architecture: "software", device: "llvmpipe-llvm-15", description: "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)",
  isFallbackAdapter: true, subgroupMinSize: 8, subgroupMaxSize: 8,
};
const h100: AdapterSummary = {
  vendor: "nvidia", architecture: "hopper", device: "", description: "NVIDIA H100 80GB HBM3",
  isFallbackAdapter: false, subgroupMinSize: 32, subgroupMaxSize: 32,
};

describe("adapter classification", () => {
  test("software rasterisers and fallback adapters are not hardware", () => {
    expect(isSoftwareAdapter(lavapipe)).toBe(true);
    expect(isSoftwareAdapter({ ...h100, description: "SwiftShader Device (Subzero)" })).toBe(true);
    expect(isSoftwareAdapter({ ...h100, isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter(h100)).toBe(false);
  });

  test("descriptions name the adapter and flag software ones", () => {
    expect(describeAdapter(h100)).toBe("NVIDIA H100 80GB HBM3 (nvidia, hopper)");
    expect(describeAdapter(lavapipe)).toContain("software adapter");
  });

  test("hasHardwareAdapter agrees with the adapter this process gets", async () => {
    const s = await probeAdapter();
    expect(await hasHardwareAdapter()).toBe(s !== null && !isSoftwareAdapter(s));
    expect(await adapterDescription()).toBe(s ? describeAdapter(s) : "no WebGPU adapter");
  });

  test("without any Vulkan driver it answers false instead of crashing or hanging", async () => {
    const script = `import { hasHardwareAdapter, adapterDescription } from ${JSON.stringify(`${import.meta.dir}/adapter.ts`)};
console.log(JSON.stringify([await hasHardwareAdapter(), await adapterDescription()]));`;
    const proc = Bun.spawn([process.execPath, "-e", script], {
      env: { ...process.env, VK_ICD_FILENAMES: "/nonexistent/icd.json", VK_DRIVER_FILES: "/nonexistent/icd.json" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const out = await new Response(proc.stdout).text();
    expect(await proc.exited).toBe(0);
    expect(JSON.parse(out.trim().split("\n").at(-1)!)).toEqual([false, "no WebGPU adapter"]);
  }, GPU_TEST_TIMEOUT);
});
