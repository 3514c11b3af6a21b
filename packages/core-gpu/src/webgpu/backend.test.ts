import { describe, expect, test } from "bun:test";
import { referenceBackend } from "../reference/backend.ts";
import { useGpuBackends } from "./use-gpu-backends.ts";
import { GPU_TEST_TIMEOUT } from "./test-support.ts";

const gpus = useGpuBackends({ gpu: { poisonOutputs: false } });

describe("createWebGpuBackend", () => {
  test("implements every Backend method and describes its adapter", () => {
    const methods = Object.keys(referenceBackend()).filter((key) => typeof (referenceBackend() as unknown as Record<string, unknown>)[key] === "function");
    for (const m of methods) expect(typeof (gpus.gpu as unknown as Record<string, unknown>)[m]).toBe("function");
    expect(gpus.gpu.name).toBe("webgpu");
    expect(gpus.gpu.adapter).toBe(gpus.gpu.runtime.description);
  });

  test("concurrent calls are serialised and each gets its own result", async () => {
    const table = Float32Array.from({ length: 40 }, (_, i) => i);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => gpus.gpu.gather(table, 4, Int32Array.from([i, 9 - i]))));
    results.forEach((r, i) => expect(Array.from(r)).toEqual([4 * i, 4 * i + 1, 4 * i + 2, 4 * i + 3, 4 * (9 - i), 4 * (9 - i) + 1, 4 * (9 - i) + 2, 4 * (9 - i) + 3]));
  }, GPU_TEST_TIMEOUT);
});
