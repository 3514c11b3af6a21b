import { describe, expect, test } from "bun:test";
import { referenceCooccurrenceTopN } from "../reference/cooccurrence.ts";
import type { CooccurrenceOptions } from "../types.ts";
import { useGpuBackends } from "./use-gpu-backends.ts";
import { expectSameTopK, GPU_TEST_TIMEOUT, randomCsr, randomFloats, seededRandom, stopAtFirstReport, withoutUnhandledRejections, abortedSignal } from "./test-support.ts";

const rand = seededRandom(61);
const gpus = useGpuBackends({ gpu: {} });


describe("webgpu cooccurrenceTopN with an AbortSignal", () => {
  test("an already aborted signal rejects with its reason, without progress; the backend stays usable", async () => {
    const x = randomCsr(rand, 40, 30, 0.2);
    let reports = 0;
    await expect(gpus.gpu.cooccurrenceTopN(x, { topN: 4, signal: abortedSignal("not today"), onProgress: () => reports++ })).rejects.toThrow("not today");
    expect(reports).toBe(0);
    expectSameTopK(await gpus.gpu.cooccurrenceTopN(x, { topN: 4 }), referenceCooccurrenceTopN(x, { topN: 4 }));
  }, GPU_TEST_TIMEOUT);

  test("aborting mid-run rejects before the next block; other calls and later calls are unaffected", async () => {
    await withoutUnhandledRejections(async () => {
      const big = randomCsr(rand, 80, 64, 0.2);
      const stop = stopAtFirstReport();
      const run = gpus.gpu.cooccurrenceTopN(big, { topN: 5, blockItems: 8, signal: stop.signal, onProgress: stop.onProgress });
      // A call queued behind the cancelled one, without a signal, still completes.
      const other = randomCsr(rand, 50, 35, 0.2, { emptyRows: [4] });
      const queued = gpus.gpu.cooccurrenceTopN(other, { topN: 3 });
      await expect(run).rejects.toThrow("stopped by the user");
      expect(stop.reports).toBe(1);
      expectSameTopK(await queued, referenceCooccurrenceTopN(other, { topN: 3 }));

      const x = randomCsr(rand, 90, 70, 0.15);
      const o: CooccurrenceOptions = { topN: 6, minCount: 2, blockItems: 16, transform: { kind: "cosine", rowStat: randomFloats(rand, 70, 0.5, 3), shrink: 0.5 } };
      expectSameTopK(await gpus.gpu.cooccurrenceTopN(x, { ...o, signal: new AbortController().signal }), referenceCooccurrenceTopN(x, o));
      expect(gpus.gpu.runtime.isDisposed).toBe(false);
    });
  }, GPU_TEST_TIMEOUT);
});
