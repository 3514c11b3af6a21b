import { describe, expect, test } from "bun:test";
import { useGpuBackends } from "../webgpu/use-gpu-backends.ts";
import { abortedSignal, GPU_TEST_TIMEOUT, stopAtFirstReport, withoutUnhandledRejections } from "../webgpu/test-support.ts";
import { swingTopN } from "./index.ts";
import { referenceSwingTopN } from "./reference.ts";
import { randomUserItems, seededRandom, topListsDiffer } from "./testing.ts";
import type { SwingOptions } from "./types.ts";

const rand = seededRandom(71);
const gpus = useGpuBackends({ gpu: {} });

describe("webgpu swingTopN with an AbortSignal", () => {
  test("an already aborted signal rejects with its reason, without progress; the backend stays usable", async () => {
    const x = randomUserItems(rand, 30, 20, 0.3);
    let reports = 0;
    await expect(swingTopN(gpus.gpu, x, { topN: 4, alpha: 1, signal: abortedSignal("not today"), onProgress: () => reports++ })).rejects.toThrow("not today");
    expect(reports).toBe(0);
    const o = { topN: 4, alpha: 1 };
    expect(topListsDiffer(await swingTopN(gpus.gpu, x, o), referenceSwingTopN(x, o), 1e-5)).toEqual([]);
  }, GPU_TEST_TIMEOUT);

  test("aborting mid-run rejects before the next block; a fresh input then computes correctly", async () => {
    await withoutUnhandledRejections(async () => {
      const big = randomUserItems(rand, 60, 40, 0.2);
      const stop = stopAtFirstReport();
      await expect(swingTopN(gpus.gpu, big, { topN: 5, alpha: 1, blockItems: 4, signal: stop.signal, onProgress: stop.onProgress })).rejects.toThrow("stopped by the user");
      expect(stop.reports).toBe(1);

      const x = randomUserItems(rand, 40, 25, 0.25);
      const o: SwingOptions = { topN: 6, alpha: 0.5, userWeights: Float32Array.from({ length: 40 }, () => 0.2 + rand()), blockItems: 8 };
      expect(topListsDiffer(await swingTopN(gpus.gpu, x, { ...o, signal: new AbortController().signal }), referenceSwingTopN(x, o), 1e-5)).toEqual([]);
    });
  }, GPU_TEST_TIMEOUT);
});
