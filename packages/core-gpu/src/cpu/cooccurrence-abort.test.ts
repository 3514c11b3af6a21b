import { afterAll, describe, expect, test } from "bun:test";
import { referenceCooccurrenceTopN } from "../reference/cooccurrence.ts";
import { createRng, randomCsr } from "../testing/random.ts";
import type { CooccurrenceOptions } from "../types.ts";
import { abortedSignal, expectSameTopK, stopAtFirstReport, withoutUnhandledRejections } from "../webgpu/test-support.ts";
import { createCpuBackend } from "./backend.ts";

// Main thread: one thread. Workers: two, used on any input.
const single = await createCpuBackend({ threads: 1, blas: "mlas" });
const threaded = await createCpuBackend({ threads: 2, blas: "mlas", cooccurrence: { workerMinPairs: 0 } });
afterAll(async () => {
  await single.dispose();
  await threaded.dispose();
});


describe("cpu cooccurrenceTopN with an AbortSignal", () => {
  for (const [label, backend] of [["main thread", single], ["workers", threaded]] as const) {
    test(`${label}: an already aborted signal rejects with its reason, without progress`, async () => {
      const x = randomCsr(createRng(41), { rows: 50, cols: 40, density: 6 });
      let reports = 0;
      await expect(backend.cooccurrenceTopN(x, { topN: 3, signal: abortedSignal("not today"), onProgress: () => reports++ })).rejects.toThrow("not today");
      expect(reports).toBe(0);
    });

    test(`${label}: aborting mid-run rejects at once; the same backend then computes a fresh input correctly`, async () => {
      await withoutUnhandledRejections(async () => {
        const big = randomCsr(createRng(42), { rows: 1500, cols: 1200, density: 150, skew: true });
        const stop = stopAtFirstReport();
        await expect(backend.cooccurrenceTopN(big, { topN: 10, blockItems: 8, signal: stop.signal, onProgress: stop.onProgress })).rejects.toThrow("stopped by the user");
        expect(stop.reports).toBeLessThan(big.cols / 8); // never reached the end

        const x = randomCsr(createRng(43), { rows: 150, cols: 110, density: 12, skew: true, emptyRows: 0.1 });
        const o: CooccurrenceOptions = { topN: 6, minCount: 2, transform: { kind: "cosine", rowStat: new Float32Array(110).fill(1.5), shrink: 0.5 } };
        expectSameTopK(await backend.cooccurrenceTopN(x, { ...o, signal: new AbortController().signal }), referenceCooccurrenceTopN(x, o));
      });
    });
  }
});
