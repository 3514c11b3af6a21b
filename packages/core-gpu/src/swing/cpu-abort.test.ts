import { describe, expect, test } from "bun:test";
import { createCpuBackend } from "../cpu/backend.ts";
import { abortedSignal, stopAtFirstReport, withoutUnhandledRejections } from "../webgpu/test-support.ts";
import { cpuSwingTopN, defaultSwingTuning, type SwingCpuTuning } from "./cpu.ts";
import { swingTopN } from "./index.ts";
import { referenceSwingTopN } from "./reference.ts";
import { randomUserItems, seededRandom, topListsDiffer } from "./testing.ts";
import type { SwingOptions } from "./types.ts";

const single: SwingCpuTuning = { ...defaultSwingTuning, workers: 1 };
const threaded: SwingCpuTuning = { ...defaultSwingTuning, workers: 2, workerMinWork: 0 };


describe("cpuSwingTopN with an AbortSignal", () => {
  for (const [label, tuning] of [["main thread", single], ["workers", threaded]] as const) {
    test(`${label}: an already aborted signal rejects with its reason, without progress`, async () => {
      const x = randomUserItems(seededRandom(51), 30, 20, 0.3);
      let reports = 0;
      await expect(cpuSwingTopN(x, { topN: 4, alpha: 1, signal: abortedSignal("not today"), onProgress: () => reports++ }, tuning)).rejects.toThrow("not today");
      expect(reports).toBe(0);
    });

    test(`${label}: aborting mid-run rejects at once; a fresh input then computes correctly`, async () => {
      await withoutUnhandledRejections(async () => {
        const rand = seededRandom(52);
        const big = randomUserItems(rand, 600, 400, 0.08);
        const stop = stopAtFirstReport();
        const run = cpuSwingTopN(big, { topN: 10, alpha: 1, blockItems: 2, signal: stop.signal, onProgress: stop.onProgress }, tuning);
        await expect(run).rejects.toThrow("stopped by the user");
        expect(stop.reports).toBeLessThan(big.cols / 2);

        const x = randomUserItems(rand, 50, 30, 0.25);
        const o: SwingOptions = { topN: 6, alpha: 0.5, userWeights: Float32Array.from({ length: 50 }, () => 0.2 + rand()) };
        expect(topListsDiffer(await cpuSwingTopN(x, { ...o, signal: new AbortController().signal }, tuning), referenceSwingTopN(x, o), 1e-5)).toEqual([]);
      });
    });
  }

  test("swingTopN passes the signal to the CPU kernel", async () => {
    const cpu = await createCpuBackend({ threads: 1, blas: "mlas" });
    try {
      const x = randomUserItems(seededRandom(53), 30, 20, 0.3);
      await expect(swingTopN(cpu, x, { topN: 4, alpha: 1, signal: abortedSignal("via the dispatcher") })).rejects.toThrow("via the dispatcher");
      const o = { topN: 4, alpha: 1 };
      expect(topListsDiffer(await swingTopN(cpu, x, { ...o, signal: new AbortController().signal }), referenceSwingTopN(x, o), 1e-5)).toEqual([]);
    } finally {
      await cpu.dispose();
    }
  });
});
