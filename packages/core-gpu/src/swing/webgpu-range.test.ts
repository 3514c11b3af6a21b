import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { suiteSeed } from "../testing/random.ts";
import { GpuRuntime } from "../webgpu/runtime.ts";
import { GPU_TEST_TIMEOUT } from "../webgpu/test-support.ts";
import { cpuSwingTopN } from "./cpu.ts";
import { itemRanges, randomUserItems, seededRandom, topKRows, topListsDiffer } from "./testing.ts";
import { transposePattern } from "./transpose.ts";
import type { SwingOptions } from "./types.ts";
import { planBlocks, webgpuSwingTopN } from "./webgpu.ts";

const seed = suiteSeed();
// Poisoned outputs and small bindings, so that blocks and dispatches split (as in webgpu.test.ts).
let rt: GpuRuntime | undefined;
let skip = "";
beforeAll(async () => {
  try {
    rt = await GpuRuntime.create({ poisonOutputs: true, maxBindingBytes: 4096 });
  } catch (e) {
    skip = e instanceof Error ? e.message : String(e);
    console.warn(`skipping WebGPU Swing range tests: ${skip}`);
  }
}, GPU_TEST_TIMEOUT);
afterAll(async () => {
  await rt?.dispose();
});

describe(`webgpuSwingTopN over an item range (seed ${seed})`, () => {
  test("planBlocks covers exactly the range", () => {
    const iu = transposePattern(randomUserItems(seededRandom(seed), 20, 30, 0.2));
    const blocks = planBlocks(iu, 4, 7, 23);
    expect(blocks[0]!.first).toBe(7);
    expect(blocks.at(-1)!.end).toBe(23);
    expect(blocks.every((b, i) => b.end - b.first <= 4 && (i === 0 || b.first === blocks[i - 1]!.end))).toBe(true);
    expect(planBlocks(iu, 4, 5, 5)).toEqual([]);
  });

  test("every range agrees with the CPU kernel's full rows, with weights, sampling and split dispatches", async () => {
    if (!rt) return void console.warn(`skipped: ${skip}`);
    const rand = seededRandom(seed);
    const x = randomUserItems(rand, 40, 60, 0.1);
    const full = transposePattern(x);
    const keep: number[] = [];
    const indptr = new Int32Array(full.rows + 1);
    for (let i = 0; i < full.rows; i++) {
      for (let p = full.indptr[i]!; p < full.indptr[i + 1]!; p++) if (rand() < 0.7) keep.push(full.indices[p]!);
      indptr[i + 1] = keep.length;
    }
    const options: SwingOptions[] = [
      { topN: 5, alpha: 0.7, userWeights: Float32Array.from({ length: 40 }, () => 0.3 + rand()), candidateWeights: Float32Array.from({ length: 60 }, () => 0.5 + rand()) },
      { topN: 4, alpha: 2, itemUsers: { ...full, indptr, indices: Int32Array.from(keep) }, blockItems: 3 },
    ];
    for (const o of options) {
      const want = await cpuSwingTopN(x, o);
      for (const r of itemRanges(rand, 60)) {
        let last: [number, number] | undefined;
        const got = await webgpuSwingTopN(rt, x, { ...o, items: r, onProgress: (d, t) => (last = [d, t]) }, 11);
        expect(topListsDiffer(got, topKRows(want, r.from, r.to), 1e-5)).toEqual([]);
        expect(got.rows).toBe(r.to - r.from);
        if (r.to > r.from) expect(last).toEqual([r.to - r.from, r.to - r.from]);
      }
    }
  }, GPU_TEST_TIMEOUT);

  test("bad ranges are RangeErrors naming the option and the values", async () => {
    if (!rt) return void console.warn(`skipped: ${skip}`);
    const x = randomUserItems(seededRandom(seed + 1), 10, 8, 0.4);
    for (const items of [{ from: 0.5, to: 4 }, { from: -1, to: 4 }, { from: 0, to: 9 }, { from: 6, to: 5 }]) {
      await expect(webgpuSwingTopN(rt, x, { topN: 2, alpha: 1, items })).rejects.toThrow(`swing items: found { from: ${items.from}, to: ${items.to} }`);
    }
  });
});
