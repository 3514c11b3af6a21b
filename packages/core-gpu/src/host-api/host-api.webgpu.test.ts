/**
 * The WebGPU backend's matmul / gather / embeddingBag / scatterAdd (wrappers over the tensor
 * kernels) beyond what the conformance suite covers: 256-byte bindings and 3 workgroups per
 * dimension (columns wider than a binding, bags with more ids than a binding, every matmul
 * block), a table far larger than the ids, and k = 0.
 */
import { describe, expect, test } from "bun:test";
import { referenceEmbeddingBag, referenceGather, referenceScatterAdd } from "../reference/embedding.ts";
import { referenceMatmul } from "../reference/matmul.ts";
import type { MatmulOptions } from "../types.ts";
import { useGpuBackends } from "../webgpu/use-gpu-backends.ts";
import { expectClose, randomFloats, randomIds, seededRandom, GPU_TEST_TIMEOUT } from "../webgpu/test-support.ts";

const rand = seededRandom(31);
const gpus = useGpuBackends({ gpu: {}, split: { maxBindingBytes: 256, maxWorkgroupsPerDim: 3 } });

describe("webgpu backend over the tensor kernels", () => {
  test("gather: exact rows, split tables, ids and columns; a large table uploads only touched rows", async () => {
    for (const [be, rows, dim, n] of [[gpus.gpu, 50, 7, 200], [gpus.split, 40, 5, 70], [gpus.split, 6, 100, 9]] as const) {
      const table = randomFloats(rand, rows * dim);
      const ids = randomIds(rand, n, rows);
      expect(await be.gather(table, dim, ids)).toEqual(referenceGather(table, dim, ids));
    }
    const big = Float32Array.from({ length: 3_000_000 }, (_, i) => i);
    expect(Array.from(await gpus.gpu.gather(big, 1, Int32Array.from([2_999_999, 0, 2_500_001])))).toEqual([2_999_999, 0, 2_500_001]);
    await expect(gpus.gpu.gather(new Float32Array(6), 2, Int32Array.from([0, 3]))).rejects.toThrow(/gather ids\[1\]/);
  }, GPU_TEST_TIMEOUT);

  test("embeddingBag: bags, ids and columns split; a bag with more ids than a binding", async () => {
    for (const [rows, dim, sizes] of [[40, 5, [0, 3, 70, 1, 0, 9]], [7, 90, [2, 0, 5]]] as const) {
      const offsets = Int32Array.from([0, ...sizes.map((_, b) => sizes.slice(0, b + 1).reduce<number>((p, s) => p + s, 0))]);
      const table = randomFloats(rand, rows * dim);
      const ids = randomIds(rand, offsets[offsets.length - 1]!, rows);
      for (const o of [{ mode: "mean" as const, weights: randomFloats(rand, ids.length) }, { mode: "sum" as const }]) {
        expectClose(await gpus.split.embeddingBag(table, dim, ids, offsets, o), referenceEmbeddingBag(table, dim, ids, offsets, o));
      }
    }
  }, GPU_TEST_TIMEOUT);

  test("scatterAdd: duplicates accumulate (atomically, so up to rounding), untouched NaN rows come back as they were", async () => {
    for (const [be, rows, dim, n, distinct] of [[gpus.gpu, 50, 8, 300, 10], [gpus.split, 30, 6, 90, 7], [gpus.split, 4, 70, 9, 3]] as const) {
      const target = randomFloats(rand, rows * dim);
      target.fill(NaN, distinct * dim);
      const ids = randomIds(rand, n, distinct);
      const grad = randomFloats(rand, n * dim);
      const want = target.slice();
      referenceScatterAdd(want, dim, ids, grad);
      await be.scatterAdd(target, dim, ids, grad);
      expect(new Uint32Array(target.buffer, distinct * dim * 4)).toEqual(new Uint32Array(want.buffer, distinct * dim * 4));
      expectClose(target.subarray(0, distinct * dim), want.subarray(0, distinct * dim));
    }
  }, GPU_TEST_TIMEOUT);

  test("matmul: products beyond the binding and dispatch limits split in m, n, k and batch; k = 0 gives the bias", async () => {
    const check = async (o: MatmulOptions) => {
      const batch = o.batch ?? 1;
      const a = randomFloats(rand, batch * o.m * o.k);
      const b = randomFloats(rand, batch * o.k * o.n);
      expectClose(await gpus.split.matmul(a, b, o), referenceMatmul(a, b, o), 1e-5);
    };
    for (const v of [0, 1, 2, 3]) await check({ m: 70, n: 90, k: 50, transA: (v & 1) === 1, transB: (v & 2) === 2, bias: randomFloats(rand, 90), relu: true });
    await check({ m: 5, n: 7, k: 300, batch: 2 });
    await check({ m: 3, n: 2, k: 2, batch: 40, bias: randomFloats(rand, 2) });
    const c = await gpus.gpu.matmul(new Float32Array(0), new Float32Array(0), { m: 3, n: 2, k: 0, bias: Float32Array.from([1.5, -2]), relu: true });
    expect(Array.from(c)).toEqual([1.5, 0, 1.5, 0, 1.5, 0]);
  }, GPU_TEST_TIMEOUT);
});
