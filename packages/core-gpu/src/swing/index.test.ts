import { describe, expect, test } from "bun:test";
import { referenceBackend } from "../reference/backend.ts";
import { createWebGpuBackend } from "../webgpu/backend.ts";
import { swingTopN } from "./index.ts";
import { referenceSwingTopN } from "./reference.ts";
import { randomUserItems, seededRandom, topListsDiffer } from "./testing.ts";

const x = randomUserItems(seededRandom(3), 30, 15, 0.3);
const o = { topN: 5, alpha: 1 };

describe("swingTopN", () => {
  test("a CPU backend runs the CPU kernel", async () => {
    expect(topListsDiffer(await swingTopN(referenceBackend(), x, o), referenceSwingTopN(x, o), 1e-5)).toEqual([]);
  });

  test("the WebGPU backend runs the WGSL kernel on its runtime", async () => {
    let gpu: Awaited<ReturnType<typeof createWebGpuBackend>>;
    try {
      gpu = await createWebGpuBackend();
    } catch (e) {
      return void console.warn(`skipped (no WebGPU adapter): ${e instanceof Error ? e.message : e}`);
    }
    try {
      const before = gpu.runtime.pipelines.compiled;
      expect(topListsDiffer(await swingTopN(gpu, x, o), referenceSwingTopN(x, o), 1e-5)).toEqual([]);
      expect(gpu.runtime.pipelines.compiled).toBe(before + 1);
    } finally {
      await gpu.dispose();
    }
  });
});
