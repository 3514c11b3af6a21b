import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { referenceGather } from "../reference/embedding.ts";
import { createWebGpuBackend, type WebGpuBackend } from "./backend.ts";
import { randomFloats, randomIds, seededRandom, GPU_TEST_TIMEOUT } from "./test-support.ts";

let gpu: WebGpuBackend;
/** 256-byte bindings and 3 workgroups per dimension: table, ids, output and rows all split. */
let split: WebGpuBackend;
const rand = seededRandom(11);

beforeAll(async () => {
  gpu = await createWebGpuBackend({ poisonOutputs: true });
  split = await createWebGpuBackend({ poisonOutputs: true, maxBindingBytes: 256, maxWorkgroupsPerDim: 3 });
}, GPU_TEST_TIMEOUT);
afterAll(async () => {
  await gpu.dispose();
  await split.dispose();
});

describe("webgpu gather", () => {
  test("copies the rows named by ids, duplicates included (exactly)", async () => {
    for (const [rows, dim, n] of [[50, 7, 200], [3, 1, 5], [1, 33, 4]] as const) {
      const table = randomFloats(rand, rows * dim);
      const ids = randomIds(rand, n, rows);
      expect(await gpu.gather(table, dim, ids)).toEqual(referenceGather(table, dim, ids));
    }
  }, GPU_TEST_TIMEOUT);

  test("large ids near the end of a big table", async () => {
    const rows = 3_000_000;
    const table = Float32Array.from({ length: rows }, (_, i) => i);
    const ids = Int32Array.from([rows - 1, 0, rows - 2, 2_500_001]);
    expect(Array.from(await gpu.gather(table, 1, ids))).toEqual([rows - 1, 0, rows - 2, 2_500_001]);
  }, GPU_TEST_TIMEOUT);

  test("no ids give an empty result", async () => {
    expect((await gpu.gather(new Float32Array(6), 2, new Int32Array(0))).length).toBe(0);
  }, GPU_TEST_TIMEOUT);

  test("out-of-range ids throw a RangeError naming the position", async () => {
    await expect(gpu.gather(new Float32Array(6), 2, Int32Array.from([0, 3]))).rejects.toThrow(/gather ids\[1\]/);
    await expect(gpu.gather(new Float32Array(6), 2, Int32Array.from([-1]))).rejects.toThrow(RangeError);
  }, GPU_TEST_TIMEOUT);

  test("tables, id lists and rows wider than a binding are split", async () => {
    for (const [rows, dim, n] of [[40, 5, 70], [6, 100, 9]] as const) {
      const table = randomFloats(rand, rows * dim);
      const ids = randomIds(rand, n, rows);
      expect(await split.gather(table, dim, ids)).toEqual(referenceGather(table, dim, ids));
    }
  }, GPU_TEST_TIMEOUT);
});
