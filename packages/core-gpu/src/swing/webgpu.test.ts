import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Csr } from "../types.ts";
import { GpuRuntime } from "../webgpu/runtime.ts";
import { cpuSwingTopN } from "./cpu.ts";
import { randomUserItems, seededRandom, topListsDiffer } from "./testing.ts";
import { transposePattern } from "./transpose.ts";
import { planBlocks, webgpuSwingTopN } from "./webgpu.ts";

// One runtime for the file, with small bindings so that blocks and dispatches split.
let rt: GpuRuntime | undefined;
let skip = "";
beforeAll(async () => {
  try {
    rt = await GpuRuntime.create({ poisonOutputs: true, maxBindingBytes: 4096 });
  } catch (e) {
    skip = e instanceof Error ? e.message : String(e);
    console.warn(`skipping WebGPU Swing tests: ${skip}`);
  }
});
afterAll(async () => {
  await rt?.dispose();
});

describe("planBlocks", () => {
  test("splits by rows and keeps every item exactly once", () => {
    const iu: Csr = { rows: 5, cols: 3, indptr: new Int32Array([0, 3, 3, 5, 6, 8]), indices: new Int32Array([0, 1, 2, 0, 1, 2, 0, 2]) };
    expect(planBlocks(iu, 2)).toEqual([
      { first: 0, end: 2, pairs: 3 },
      { first: 2, end: 4, pairs: 1 },
      { first: 4, end: 5, pairs: 1 },
    ]);
  });
});

describe("webgpuSwingTopN agrees with the CPU kernel (lavapipe)", () => {
  const cases: Array<[string, number, number, number, number]> = [
    ["small dense", 24, 10, 0.5, 4],
    ["sparse, K above most rows", 70, 50, 0.1, 30],
    ["more items than one binding row block", 40, 300, 0.05, 8],
  ];
  for (const [name, users, items, density, topN] of cases) {
    test(name, async () => {
      if (!rt) return void console.warn(`skipped: ${skip}`);
      const rand = seededRandom(users + 7 * items);
      const x = randomUserItems(rand, users, items, density);
      const userWeights = Float32Array.from({ length: users }, () => 0.3 + rand());
      const candidateWeights = Float32Array.from({ length: items }, () => 0.5 + rand());
      const o = { topN, alpha: 0.7, userWeights, candidateWeights };
      const want = await cpuSwingTopN(x, o);
      let progress = 0;
      const got = await webgpuSwingTopN(rt, x, { ...o, onProgress: (d) => (progress = d) });
      expect(topListsDiffer(got, want, 1e-5)).toEqual([]);
      expect(progress).toBe(items);
    });
  }

  test("sampled itemUsers, blockItems of one, pairs split over dispatches", async () => {
    if (!rt) return void console.warn(`skipped: ${skip}`);
    const rand = seededRandom(11);
    const x = randomUserItems(rand, 50, 20, 0.3);
    const full = transposePattern(x);
    const keep: number[] = [];
    const indptr = new Int32Array(full.rows + 1);
    for (let i = 0; i < full.rows; i++) {
      for (let p = full.indptr[i]!; p < full.indptr[i + 1]!; p++) if (rand() < 0.6) keep.push(full.indices[p]!);
      indptr[i + 1] = keep.length;
    }
    const o = { topN: 6, alpha: 2, itemUsers: { ...full, indptr, indices: Int32Array.from(keep) }, blockItems: 1 };
    // 7 pairs per dispatch: most items' pairs span several dispatches.
    expect(topListsDiffer(await webgpuSwingTopN(rt, x, o, 7), await cpuSwingTopN(x, o), 1e-5)).toEqual([]);
  });
});
