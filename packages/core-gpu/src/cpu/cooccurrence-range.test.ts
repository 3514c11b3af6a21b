import { afterAll, describe, expect, test } from "bun:test";
import { referenceCooccurrenceTopN } from "../reference/cooccurrence.ts";
import { itemRanges, topKBits, topKRows } from "../swing/testing.ts";
import { createRng, randomCsr, randomMatrix, suiteSeed } from "../testing/random.ts";
import type { CooccurrenceOptions, Csr, PairTransform } from "../types.ts";
import { expectSameTopK } from "../webgpu/test-support.ts";
import { cpuCooccurrenceTopN } from "./cooccurrence.ts";
import { WorkerPool } from "./worker-pool.ts";

const seed = suiteSeed();
const pool = new WorkerPool(new URL("./cooccurrence-worker.ts", import.meta.url), 2);
afterAll(() => pool.dispose());

/** Main thread, and the worker pool forced on any input. */
const paths = [
  ["main thread", (x: Csr, o: CooccurrenceOptions) => cpuCooccurrenceTopN(undefined, x, o)],
  ["workers", (x: Csr, o: CooccurrenceOptions) => cpuCooccurrenceTopN(pool, x, o, { workerMinPairs: 0 })],
] as const;

function transforms(rand: () => number, n: number): PairTransform[] {
  const stat = randomMatrix(createRng((rand() * 2 ** 32) >>> 0), n, 0.5, 3);
  return [
    { kind: "none" },
    { kind: "cosine", rowStat: stat, shrink: 0.5 },
    { kind: "jaccard", rowStat: Float32Array.from(stat, (v) => 20 + v) },
    { kind: "asymmetric", rowStat: stat, alpha: 0.3, shrink: 1 },
  ];
}

describe(`cpu cooccurrenceTopN over an item range (seed ${seed})`, () => {
  for (const [label, run] of paths) {
    test(`${label}: every range's rows are bit-identical to the full call's, progress counts the range`, async () => {
      const rng = createRng(seed);
      const rand = () => rng.next();
      const x = randomCsr(rng, { rows: 160, cols: 90, density: 10, skew: true, emptyRows: 0.1, values: true });
      const rowWeights = randomMatrix(rng, 160, 0.2, 2);
      for (const transform of transforms(rand, 90)) {
        for (const base of [{ topN: 6, transform, rowWeights }, { topN: 4, transform, minCount: 2, blockItems: 7 }] as CooccurrenceOptions[]) {
          const full = await run(x, base);
          for (const r of itemRanges(rand, 90)) {
            let last: [number, number] | undefined;
            const got = await run(x, { ...base, items: r, onProgress: (d, t) => (last = [d, t]) });
            expect(topKBits(got)).toEqual(topKBits(topKRows(full, r.from, r.to)));
            if (r.to > r.from) expect(last).toEqual([r.to - r.from, r.to - r.from]);
          }
        }
      }
    });
  }

  test("reuse: ranges computed from one prepared input (main thread and workers mixed) are the full call's rows", async () => {
    const rng = createRng(seed ^ 0x7e7e);
    const rand = () => rng.next();
    const x = randomCsr(rng, { rows: 180, cols: 80, density: 12, skew: true, values: true });
    for (const transform of transforms(rand, 80)) {
      const o: CooccurrenceOptions = { topN: 5, transform, rowWeights: randomMatrix(rng, 180, 0.2, 2), minCount: 1 };
      const full = await cpuCooccurrenceTopN(undefined, x, o);
      const key = {};
      for (const [i, r] of itemRanges(rand, 80).entries()) {
        // the first call builds the shared arrays, the others only take outputs for their range
        const got = i % 2 === 0 ? await cpuCooccurrenceTopN(pool, x, { ...o, items: r, reuse: key }, { workerMinPairs: 0 }) : await cpuCooccurrenceTopN(pool, x, { ...o, items: r, reuse: key }, { workerMinPairs: Infinity });
        expect(topKBits(got)).toEqual(topKBits(topKRows(full, r.from, r.to)));
      }
    }
  });

  test("binary input (the counting fast path) and the reference agree range by range", async () => {
    const rng = createRng(seed ^ 0x5a5a);
    const x = randomCsr(rng, { rows: 200, cols: 70, density: 14, skew: true });
    const o: CooccurrenceOptions = { topN: 8, blockItems: 5 };
    const full = await cpuCooccurrenceTopN(undefined, x, o);
    const fullRef = referenceCooccurrenceTopN(x, o);
    for (const r of itemRanges(() => rng.next(), 70)) {
      const want = topKBits(topKRows(full, r.from, r.to));
      expect(topKBits(await cpuCooccurrenceTopN(undefined, x, { ...o, items: r }))).toEqual(want);
      expect(topKBits(await cpuCooccurrenceTopN(pool, x, { ...o, items: r }, { workerMinPairs: 0 }))).toEqual(want);
      const ref = referenceCooccurrenceTopN(x, { ...o, items: r });
      expect(topKBits(ref)).toEqual(topKBits(topKRows(fullRef, r.from, r.to)));
      expectSameTopK(ref, topKRows(full, r.from, r.to));
    }
  });

  test("an empty range gives rows 0 on every path", async () => {
    const x = randomCsr(createRng(seed + 1), { rows: 30, cols: 20, density: 4 });
    for (const [, run] of paths) expect(topKBits(await run(x, { topN: 3, items: { from: 7, to: 7 } }))).toEqual({ rows: 0, k: 3, ids: [], bits: [] });
    expect(referenceCooccurrenceTopN(x, { topN: 3, items: { from: 20, to: 20 } }).rows).toBe(0);
  });

  test("bad ranges are RangeErrors naming the option and the values", async () => {
    const x = randomCsr(createRng(seed + 2), { rows: 10, cols: 12, density: 3 });
    for (const items of [{ from: 1.5, to: 4 }, { from: 0, to: 2.5 }, { from: -1, to: 4 }, { from: 0, to: 13 }, { from: 5, to: 4 }, { from: NaN, to: 4 }]) {
      const msg = `cooccurrence items: found { from: ${items.from}, to: ${items.to} }`;
      for (const [, run] of paths) await expect(run(x, { topN: 2, items })).rejects.toThrow(msg);
      expect(() => referenceCooccurrenceTopN(x, { topN: 2, items })).toThrow(RangeError);
      expect(() => referenceCooccurrenceTopN(x, { topN: 2, items })).toThrow(msg);
    }
  });

  test("the main thread yields to the event loop between blocks, results unchanged", async () => {
    const x = randomCsr(createRng(seed + 3), { rows: 120, cols: 60, density: 8 });
    const o: CooccurrenceOptions = { topN: 5, blockItems: 4 };
    const want = await cpuCooccurrenceTopN(undefined, x, o);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      // A yield after every block: the timer must fire before the call returns.
      const got = await cpuCooccurrenceTopN(undefined, x, o, { workerMinPairs: Infinity, yieldEveryMs: 0 });
      expect(ticks).toBeGreaterThan(0);
      expect(topKBits(got)).toEqual(topKBits(want));
    } finally {
      clearInterval(timer);
    }
  });
});
