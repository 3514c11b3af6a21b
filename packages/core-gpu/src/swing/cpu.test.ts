import { describe, expect, test } from "bun:test";
import type { Csr } from "../types.ts";
import { cpuSwingTopN, defaultSwingTuning } from "./cpu.ts";
import { referenceSwingTopN } from "./reference.ts";
import { randomUserItems, seededRandom, topListsDiffer } from "./testing.ts";
import { transposePattern } from "./transpose.ts";
import type { SwingOptions } from "./types.ts";

/** Keeps each user of each item with probability `keep` (a stand-in for the stage's sampling). */
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

const single = { ...defaultSwingTuning, workers: 1 };
const threaded = { ...defaultSwingTuning, workers: 2, workerMinWork: 0 };
const local = { ...defaultSwingTuning, overlapBudgetBytes: 0 };

describe("cpuSwingTopN agrees with the reference", () => {
  const cases: Array<[string, number, number, number, number]> = [
    // name, users, items, density, topN
    ["small dense", 30, 12, 0.5, 5],
    ["sparse, K above most rows", 80, 60, 0.08, 40],
    ["one user", 1, 10, 0.5, 3],
  ];
  for (const [name, users, items, density, topN] of cases) {
    for (const [tname, tuning] of [["main thread", single], ["workers", threaded], ["local overlaps", local]] as const) {
      test(`${name}, ${tname}`, async () => {
        const rand = seededRandom(users * 31 + items);
        const x = randomUserItems(rand, users, items, density);
        const userWeights = Float32Array.from({ length: users }, () => 0.2 + rand());
        const candidateWeights = Float32Array.from({ length: items }, () => 0.5 + rand());
        const o: SwingOptions = { topN, alpha: 0.5, userWeights, candidateWeights };
        const want = referenceSwingTopN(x, o);
        const got = await cpuSwingTopN(x, o, tuning);
        expect(topListsDiffer(got, want, 1e-5)).toEqual([]);
        expect(Array.from(got.ids).some((id) => id >= 0)).toBe(users > 1);
      });
    }
  }

  test("sampled itemUsers, with and without the global overlap matrix", async () => {
    const rand = seededRandom(5);
    const x = randomUserItems(rand, 60, 40, 0.25);
    const o: SwingOptions = { topN: 10, alpha: 1, itemUsers: sampleItemUsers(x, rand, 0.5) };
    const want = referenceSwingTopN(x, o);
    for (const tuning of [single, local, threaded]) expect(topListsDiffer(await cpuSwingTopN(x, o, tuning), want, 1e-5)).toEqual([]);
  });

  test("ties come out by lower item id, and progress reaches every item", async () => {
    // Two identical users: every pair of their items ties.
    const x: Csr = { rows: 2, cols: 4, indptr: new Int32Array([0, 4, 8]), indices: new Int32Array([0, 1, 2, 3, 0, 1, 2, 3]) };
    let last = 0;
    const got = await cpuSwingTopN(x, { topN: 3, alpha: 0, onProgress: (d) => (last = d) }, single);
    expect(Array.from(got.ids.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(Array.from(got.ids.subarray(6, 9))).toEqual([0, 1, 3]);
    expect(got.scores[0]).toBeCloseTo(0.5, 6); // 2 · 1 / (0 + 4)
    expect(last).toBe(4);
  });

  test("rejects bad input before computing", async () => {
    const x = randomUserItems(seededRandom(2), 5, 5, 0.5);
    await expect(cpuSwingTopN(x, { topN: -1, alpha: 1 })).rejects.toThrow("swing topN: found -1");
    await expect(cpuSwingTopN(x, { topN: 2, alpha: 1, blockItems: 0 })).rejects.toThrow("swing blockItems");
  });
});
