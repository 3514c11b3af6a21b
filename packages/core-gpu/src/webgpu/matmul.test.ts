import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { referenceMatmul } from "../reference/matmul.ts";
import type { MatmulOptions } from "../types.ts";
import { createWebGpuBackend, type WebGpuBackend } from "./backend.ts";
import { planMatmulBlocks } from "./matmul.ts";
import { expectClose, randomFloats, seededRandom, GPU_TEST_TIMEOUT } from "./test-support.ts";

let gpu: WebGpuBackend;
/** Bindings of 1 KiB and 4 workgroups per dimension: every product is split. */
let split: WebGpuBackend;
const rand = seededRandom(2024);

beforeAll(async () => {
  gpu = await createWebGpuBackend({ poisonOutputs: true });
  split = await createWebGpuBackend({ poisonOutputs: true, maxBindingBytes: 1024, maxWorkgroupsPerDim: 4 });
}, GPU_TEST_TIMEOUT);
afterAll(async () => {
  await gpu.dispose();
  await split.dispose();
});

/** Runs `o` on the backend and on the reference with fresh random operands. */
async function check(backend: WebGpuBackend, o: MatmulOptions): Promise<void> {
  const batch = o.batch ?? 1;
  const a = randomFloats(rand, batch * o.m * o.k);
  const b = randomFloats(rand, batch * o.k * o.n);
  expectClose(await backend.matmul(a, b, o), referenceMatmul(a, b, o), 1e-5);
}

describe("webgpu matmul", () => {
  test("shapes off the 32×64 tile, every transpose, with bias and ReLU", async () => {
    for (const [m, n, k] of [[33, 65, 17], [70, 3, 129], [5, 130, 4]] as const) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          await check(gpu, { m, n, k, transA, transB });
          await check(gpu, { m, n, k, transA, transB, bias: randomFloats(rand, n), relu: true });
        }
      }
    }
  }, GPU_TEST_TIMEOUT);

  test("batched products with bias", async () => {
    await check(gpu, { m: 9, n: 11, k: 13, batch: 3, bias: randomFloats(rand, 11), transB: true });
  }, GPU_TEST_TIMEOUT);

  test("a single element, and k = 0 giving just the bias (after ReLU)", async () => {
    await check(gpu, { m: 1, n: 1, k: 1 });
    const bias = Float32Array.from([1.5, -2]);
    const c = await gpu.matmul(new Float32Array(0), new Float32Array(0), { m: 3, n: 2, k: 0, bias, relu: true });
    expect(Array.from(c)).toEqual([1.5, 0, 1.5, 0, 1.5, 0]);
  }, GPU_TEST_TIMEOUT);

  test("an empty product returns an empty result without touching the GPU", async () => {
    expect((await gpu.matmul(new Float32Array(0), new Float32Array(12), { m: 0, n: 4, k: 3 })).length).toBe(0);
  }, GPU_TEST_TIMEOUT);

  test("writes into `out` when given", async () => {
    const out = new Float32Array(6).fill(NaN);
    const a = randomFloats(rand, 6);
    const b = randomFloats(rand, 1);
    const c = await gpu.matmul(a, b, { m: 6, n: 1, k: 1, out });
    expect(c).toBe(out);
    expectClose(out, referenceMatmul(a, b, { m: 6, n: 1, k: 1 }));
  }, GPU_TEST_TIMEOUT);

  test("bad shapes throw a RangeError and leave `out` alone", async () => {
    const out = new Float32Array(4).fill(7);
    await expect(gpu.matmul(new Float32Array(3), new Float32Array(4), { m: 2, n: 2, k: 2, out })).rejects.toThrow(RangeError);
    expect(Array.from(out)).toEqual([7, 7, 7, 7]);
  }, GPU_TEST_TIMEOUT);

  test("one pipeline serves every shape and flag mix", async () => {
    const before = gpu.runtime.pipelines.size;
    await check(gpu, { m: 4, n: 5, k: 6, transA: true, relu: true });
    await check(gpu, { m: 40, n: 3, k: 2, bias: randomFloats(rand, 3) });
    expect(gpu.runtime.pipelines.size).toBe(before);
  }, GPU_TEST_TIMEOUT);

  test("products beyond the binding and dispatch limits are split in m, n and k", async () => {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        await check(split, { m: 70, n: 90, k: 50, transA, transB, bias: randomFloats(rand, 90), relu: true });
      }
    }
    await check(split, { m: 5, n: 7, k: 300, batch: 2 });
    await check(split, { m: 3, n: 2, k: 2, batch: 40 });
  }, GPU_TEST_TIMEOUT);
});

describe("planMatmulBlocks", () => {
  test("keeps every operand block within the binding and every grid within the limit", () => {
    for (const [m, n, k, maxElems, groups] of [[1000, 1000, 1000, 1 << 16, 65535], [5, 3000, 7, 64, 4], [70, 90, 50, 256, 4], [1, 1, 1e6, 256, 2]] as const) {
      const { mb, nb, kb } = planMatmulBlocks(m, n, k, maxElems, groups, [32, 64]);
      expect(mb * kb).toBeLessThanOrEqual(maxElems);
      expect(kb * nb).toBeLessThanOrEqual(maxElems);
      expect(mb * nb).toBeLessThanOrEqual(maxElems);
      expect(Math.ceil(mb / 32)).toBeLessThanOrEqual(groups);
      expect(Math.ceil(nb / 64)).toBeLessThanOrEqual(groups);
      expect(Math.min(mb, nb, kb)).toBeGreaterThanOrEqual(1);
    }
  });

  test("does not split what fits", () => {
    expect(planMatmulBlocks(100, 200, 300, 1 << 20, 65535, [32, 64])).toEqual({ mb: 100, nb: 200, kb: 300 });
  });
});
