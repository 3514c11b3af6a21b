import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { referenceScatterAdd } from "../reference/embedding.ts";
import { createWebGpuBackend, type WebGpuBackend } from "./backend.ts";
import { groupIds } from "./scatter-add.ts";
import { randomFloats, randomIds, seededRandom, GPU_TEST_TIMEOUT } from "./test-support.ts";

let gpu: WebGpuBackend;
/** 256-byte bindings, 3 workgroups per dimension: grad rows and columns split. */
let split: WebGpuBackend;
const rand = seededRandom(13);

beforeAll(async () => {
  gpu = await createWebGpuBackend({ poisonOutputs: true });
  split = await createWebGpuBackend({ poisonOutputs: true, maxBindingBytes: 256, maxWorkgroupsPerDim: 3 });
}, GPU_TEST_TIMEOUT);
afterAll(async () => {
  await gpu.dispose();
  await split.dispose();
});

/** Scatter-adds fresh random gradients on both sides; ids drawn from few rows so duplicates abound. */
async function check(backend: WebGpuBackend, rows: number, dim: number, n: number, distinct: number): Promise<void> {
  const target = randomFloats(rand, rows * dim);
  const ids = randomIds(rand, n, distinct);
  const grad = randomFloats(rand, n * dim);
  const expected = target.slice();
  referenceScatterAdd(expected, dim, ids, grad);
  // Untouched rows hold NaN: they must come back bit-identical (NaN), never rewritten.
  for (let r = distinct; r < rows; r++) target.fill(NaN, r * dim, (r + 1) * dim);
  expected.set(target.subarray(distinct * dim), distinct * dim);
  await backend.scatterAdd(target, dim, ids, grad);
  // Same accumulation order as the reference: bit-exact (compared as bits, so NaN == NaN).
  expect(new Uint32Array(target.buffer)).toEqual(new Uint32Array(expected.buffer));
}

describe("webgpu scatterAdd", () => {
  test("duplicates accumulate in order, exactly; untouched rows stay as they were", async () => {
    await check(gpu, 50, 8, 300, 10);
    await check(gpu, 20, 1, 1, 1);
  }, GPU_TEST_TIMEOUT);

  test("no ids change nothing; bad ids and grad lengths throw before writing", async () => {
    const target = Float32Array.from([1, 2, 3, 4]);
    await gpu.scatterAdd(target, 2, new Int32Array(0), new Float32Array(0));
    await expect(gpu.scatterAdd(target, 2, Int32Array.from([0, 2]), new Float32Array(4))).rejects.toThrow(RangeError);
    await expect(gpu.scatterAdd(target, 2, Int32Array.from([0]), new Float32Array(3))).rejects.toThrow(RangeError);
    expect(Array.from(target)).toEqual([1, 2, 3, 4]);
  }, GPU_TEST_TIMEOUT);

  test("gradients beyond a binding are split into row chunks and column spans", async () => {
    await check(split, 30, 6, 90, 7);
    await check(split, 4, 70, 9, 3);
  }, GPU_TEST_TIMEOUT);
});

describe("groupIds", () => {
  test("groups rows by id in first-seen order, rows ascending within a group", () => {
    const g = groupIds(Int32Array.from([5, 2, 5, 9, 2, 5]));
    expect(Array.from(g.touched)).toEqual([5, 2, 9]);
    expect(Array.from(g.segments)).toEqual([0, 3, 5, 6]);
    expect(Array.from(g.order)).toEqual([0, 2, 5, 1, 4, 3]);
  });
});
