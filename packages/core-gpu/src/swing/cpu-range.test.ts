import { describe, expect, test } from "bun:test";
import { createRng, suiteSeed } from "../testing/random.ts";
import type { Csr } from "../types.ts";
import { cpuSwingTopN, defaultSwingTuning, type SwingCpuTuning } from "./cpu.ts";
import { referenceSwingTopN } from "./reference.ts";
import { itemRanges, randomUserItems, topKBits, topKRows, topListsDiffer } from "./testing.ts";
import { transposePattern } from "./transpose.ts";
import type { SwingOptions } from "./types.ts";

const seed = suiteSeed();

/** Keeps each user of each item with probability `keep` (the stage's per-item user sampling). */
function sampleItemUsers(x: Csr, rand: () => number, keep: number): Csr {
  const full = transposePattern(x);
  const indptr = new Int32Array(full.rows + 1);
  const indices: number[] = [];
  for (let i = 0; i < full.rows; i++) {
    for (let p = full.indptr[i]!; p < full.indptr[i + 1]!; p++) if (rand() < keep) indices.push(full.indices[p]!);
    indptr[i + 1] = indices.length;
  }
  return { rows: full.rows, cols: full.cols, indptr, indices: Int32Array.from(indices) };
}

const tunings: Array<[string, SwingCpuTuning]> = [
  ["main thread, overlap matrix", { ...defaultSwingTuning, workers: 1 }],
  ["main thread, local overlaps", { ...defaultSwingTuning, workers: 1, overlapBudgetBytes: 0 }],
  ["workers, overlap matrix", { ...defaultSwingTuning, workers: 2, workerMinWork: 0 }],
  ["workers, local overlaps", { ...defaultSwingTuning, workers: 2, workerMinWork: 0, overlapBudgetBytes: 0 }],
];

describe(`cpuSwingTopN over an item range (seed ${seed})`, () => {
  for (const [label, tuning] of tunings) {
    test(`${label}: every range's rows are bit-identical to the full call's`, async () => {
      const rng = createRng(seed);
      const rand = () => rng.next();
      const x = randomUserItems(rand, 70, 45, 0.15);
      const userWeights = Float32Array.from({ length: 70 }, () => 0.2 + rand());
      const candidateWeights = Float32Array.from({ length: 45 }, () => 0.5 + rand());
      const options: SwingOptions[] = [
        { topN: 6, alpha: 0.5, userWeights, candidateWeights },
        { topN: 4, alpha: 1, itemUsers: sampleItemUsers(x, rand, 0.5), blockItems: 3 },
      ];
      for (const o of options) {
        const full = await cpuSwingTopN(x, o, tuning);
        for (const r of itemRanges(rand, 45)) {
          let last: [number, number] | undefined;
          const got = await cpuSwingTopN(x, { ...o, items: r, onProgress: (d, t) => (last = [d, t]) }, tuning);
          expect(topKBits(got)).toEqual(topKBits(topKRows(full, r.from, r.to)));
          if (r.to > r.from) expect(last).toEqual([r.to - r.from, r.to - r.from]);
        }
      }
    });
  }

  test("reuse: ranges of one prepared input — main thread and workers mixed, a fill cut short — are the full call's rows", async () => {
    const rng = createRng(seed ^ 0x3c3c);
    const rand = () => rng.next();
    const x = randomUserItems(rand, 80, 50, 0.15);
    const o: SwingOptions = { topN: 5, alpha: 0.8, userWeights: Float32Array.from({ length: 80 }, () => 0.2 + rand()), itemUsers: sampleItemUsers(x, rand, 0.6) };
    const [main, workers] = [tunings[0]![1], tunings[2]![1]];
    const full = await cpuSwingTopN(x, o, main);
    const key = {};
    // the first call is aborted while it fills the overlap matrix: the next must start it again from zero
    let checks = 0; // passes the check before the work, fails the one after the first overlap rows
    const cut = { aborted: false, throwIfAborted: () => void (++checks > 1 && (() => { throw new Error("stop"); })()) } as unknown as AbortSignal;
    await expect(cpuSwingTopN(x, { ...o, items: { from: 0, to: 50 }, reuse: key, signal: cut }, main)).rejects.toThrow("stop");
    for (const [i, r] of itemRanges(rand, 50).entries()) {
      const got = await cpuSwingTopN(x, { ...o, items: r, reuse: key }, i % 2 === 0 ? workers : main);
      expect(topKBits(got)).toEqual(topKBits(topKRows(full, r.from, r.to)));
    }
  });

  test("the reference computes the same rows range by range", async () => {
    const rng = createRng(seed ^ 0x77);
    const rand = () => rng.next();
    const x = randomUserItems(rand, 40, 30, 0.2);
    const o: SwingOptions = { topN: 5, alpha: 0.7, userWeights: Float32Array.from({ length: 40 }, () => 0.3 + rand()), itemUsers: sampleItemUsers(x, rand, 0.7) };
    const fullRef = referenceSwingTopN(x, o);
    for (const r of itemRanges(rand, 30)) {
      let last: [number, number] | undefined;
      const ref = referenceSwingTopN(x, { ...o, items: r, onProgress: (d, t) => (last = [d, t]) });
      expect(topKBits(ref)).toEqual(topKBits(topKRows(fullRef, r.from, r.to)));
      if (r.to > r.from) expect(last).toEqual([r.to - r.from, r.to - r.from]);
      expect(topListsDiffer(await cpuSwingTopN(x, { ...o, items: r }), ref, 1e-5)).toEqual([]);
    }
  });

  test("an empty range gives rows 0", async () => {
    const x = randomUserItems(createRng(seed + 1).next, 10, 8, 0.4);
    for (const [, tuning] of tunings) expect(topKBits(await cpuSwingTopN(x, { topN: 3, alpha: 1, items: { from: 8, to: 8 } }, tuning))).toEqual({ rows: 0, k: 3, ids: [], bits: [] });
    expect(referenceSwingTopN(x, { topN: 3, alpha: 1, items: { from: 0, to: 0 } }).rows).toBe(0);
  });

  test("bad ranges are RangeErrors naming the option and the values", async () => {
    const x = randomUserItems(createRng(seed + 2).next, 10, 8, 0.4);
    for (const items of [{ from: 0.5, to: 4 }, { from: 0, to: 7.5 }, { from: -2, to: 4 }, { from: 0, to: 9 }, { from: 6, to: 5 }]) {
      const msg = `swing items: found { from: ${items.from}, to: ${items.to} }`;
      await expect(cpuSwingTopN(x, { topN: 2, alpha: 1, items })).rejects.toThrow(msg);
      expect(() => referenceSwingTopN(x, { topN: 2, alpha: 1, items })).toThrow(RangeError);
      expect(() => referenceSwingTopN(x, { topN: 2, alpha: 1, items })).toThrow(msg);
    }
  });

  for (const [label, overlapBudgetBytes] of [["overlap matrix", defaultSwingTuning.overlapBudgetBytes], ["local overlaps", 0]] as const) {
    test(`${label}: the main thread yields to the event loop between blocks, results unchanged`, async () => {
      const x = randomUserItems(createRng(seed + 3).next, 50, 40, 0.2);
      const o: SwingOptions = { topN: 5, alpha: 1, blockItems: 4 };
      const tuning = { ...defaultSwingTuning, workers: 1, overlapBudgetBytes };
      const want = await cpuSwingTopN(x, o, tuning);
      let ticks = 0;
      const timer = setInterval(() => ticks++, 0);
      try {
        const got = await cpuSwingTopN(x, o, { ...tuning, yieldEveryMs: 0 });
        expect(ticks).toBeGreaterThan(0);
        expect(topKBits(got)).toEqual(topKBits(want));
      } finally {
        clearInterval(timer);
      }
    });
  }
});
