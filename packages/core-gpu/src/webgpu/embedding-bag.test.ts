import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { referenceEmbeddingBag } from "../reference/embedding.ts";
import type { EmbeddingBagOptions } from "../types.ts";
import { createWebGpuBackend, type WebGpuBackend } from "./backend.ts";
import { expectClose, randomFloats, randomIds, seededRandom, GPU_TEST_TIMEOUT } from "./test-support.ts";

let gpu: WebGpuBackend;
/** 256-byte bindings, 3 workgroups per dimension: bags, ids, table and columns all split. */
let split: WebGpuBackend;
const rand = seededRandom(12);

beforeAll(async () => {
  gpu = await createWebGpuBackend({ poisonOutputs: true });
  split = await createWebGpuBackend({ poisonOutputs: true, maxBindingBytes: 256, maxWorkgroupsPerDim: 3 });
}, GPU_TEST_TIMEOUT);
afterAll(async () => {
  await gpu.dispose();
  await split.dispose();
});

/** Ragged offsets for `nBags` bags over `n` ids, with some bags empty (first and last included). */
function raggedOffsets(nBags: number, n: number): Int32Array {
  const cuts = Array.from({ length: nBags - 1 }, () => Math.floor(rand() * (n + 1))).sort((a, b) => a - b);
  const offsets = Int32Array.from([0, ...cuts, n]);
  if (nBags > 2) offsets[1] = 0; // first bag empty
  if (nBags > 2) offsets[nBags - 1] = n; // last bag empty
  return offsets;
}

async function check(backend: WebGpuBackend, rows: number, dim: number, n: number, nBags: number, o: EmbeddingBagOptions): Promise<void> {
  const table = randomFloats(rand, rows * dim);
  const ids = randomIds(rand, n, rows);
  const offsets = raggedOffsets(nBags, n);
  const opts = { ...o, weights: o.weights ? randomFloats(rand, n) : undefined };
  expectClose(await backend.embeddingBag(table, dim, ids, offsets, opts), referenceEmbeddingBag(table, dim, ids, offsets, opts));
}

describe("webgpu embeddingBag", () => {
  test("sum and mean, with and without weights, ragged bags with empty ones", async () => {
    for (const mode of ["sum", "mean"] as const) {
      for (const weights of [undefined, new Float32Array(0)]) {
        await check(gpu, 30, 9, 120, 17, { mode, weights });
      }
    }
  }, GPU_TEST_TIMEOUT);

  test("one bag, one id; and only empty bags give zeros", async () => {
    await check(gpu, 5, 3, 1, 1, { mode: "mean" });
    const out = await gpu.embeddingBag(randomFloats(rand, 8), 4, new Int32Array(0), new Int32Array([0, 0, 0]), { mode: "mean" });
    expect(Array.from(out)).toEqual(new Array(8).fill(0));
  }, GPU_TEST_TIMEOUT);

  test("bad offsets and weights throw a RangeError", async () => {
    const table = new Float32Array(8);
    await expect(gpu.embeddingBag(table, 2, Int32Array.from([0, 1]), Int32Array.from([0, 3]), { mode: "sum" })).rejects.toThrow(RangeError);
    await expect(gpu.embeddingBag(table, 2, Int32Array.from([0, 1]), Int32Array.from([0, 2]), { mode: "sum", weights: new Float32Array(1) })).rejects.toThrow(RangeError);
    await expect(gpu.embeddingBag(table, 2, Int32Array.from([9]), Int32Array.from([0, 1]), { mode: "sum" })).rejects.toThrow(RangeError);
  }, GPU_TEST_TIMEOUT);

  test("work beyond a binding is split into bags, ids, table rows and columns", async () => {
    await check(split, 40, 5, 150, 23, { mode: "mean", weights: new Float32Array(0) });
    await check(split, 7, 90, 20, 4, { mode: "sum" });
  }, GPU_TEST_TIMEOUT);
});
