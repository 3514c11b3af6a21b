import { describe, expect, test } from "bun:test";
import { referenceTopK } from "../reference/topk.ts";
import { useGpuBackends } from "./use-gpu-backends.ts";
import { heapCapacity } from "./topk-program.ts";
import { expectSameTopK, randomCsr, randomFloats, seededRandom, GPU_TEST_TIMEOUT } from "./test-support.ts";

const rand = seededRandom(41);
// split: 512-byte bindings, 3 workgroups per dimension: rows blocked, wide rows cut into column spans.
const gpus = useGpuBackends({ gpu: {}, split: { maxBindingBytes: 512, maxWorkgroupsPerDim: 3 } });

/** Scores on a coarse grid so ties are common. */
function tiedScores(n: number): Float32Array {
  return Float32Array.from({ length: n }, () => Math.floor(rand() * 8) / 4);
}

describe("webgpu topK", () => {
  test("random and heavily tied scores, with and without exclusions", async () => {
    for (const [rows, cols, k] of [[70, 53, 10], [1, 200, 17], [33, 9, 4]] as const) {
      for (const scores of [randomFloats(rand, rows * cols), tiedScores(rows * cols)]) {
        const exclude = randomCsr(rand, rows, cols, 0.3, { values: false, emptyRows: [0] });
        expectSameTopK(await gpus.gpu.topK(scores, rows, cols, k), referenceTopK(scores, rows, cols, k));
        expect(await gpus.gpu.topK(scores, rows, cols, k, exclude)).toEqual(referenceTopK(scores, rows, cols, k, exclude));
      }
    }
  }, GPU_TEST_TIMEOUT);

  test("all-equal scores give ids in ascending order", async () => {
    const top = await gpus.gpu.topK(new Float32Array(3 * 6).fill(0.5), 3, 6, 4);
    expect(Array.from(top.ids)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
  }, GPU_TEST_TIMEOUT);

  test("K larger than the row pads with -1/-Infinity; fully excluded rows are all padding", async () => {
    const scores = Float32Array.from([3, 1, 2, 5, 4, 0]);
    const exclude = { rows: 2, cols: 3, indptr: Int32Array.from([0, 0, 3]), indices: Int32Array.from([0, 1, 2]) };
    const top = await gpus.gpu.topK(scores, 2, 3, 5, exclude);
    expect(Array.from(top.ids)).toEqual([0, 2, 1, -1, -1, -1, -1, -1, -1, -1]);
    expect(Array.from(top.scores)).toEqual([3, 2, 1, -Infinity, -Infinity, ...new Array(5).fill(-Infinity)]);
  }, GPU_TEST_TIMEOUT);

  test("NaN is never selected; -Infinity is a real candidate ranked above padding", async () => {
    const scores = Float32Array.from([NaN, -Infinity, 1, NaN]);
    const top = await gpus.gpu.topK(scores, 1, 4, 4);
    expect(Array.from(top.ids)).toEqual([2, 1, -1, -1]);
  }, GPU_TEST_TIMEOUT);

  test("K = 0, no rows, and no columns", async () => {
    expect((await gpus.gpu.topK(new Float32Array(6), 2, 3, 0)).ids.length).toBe(0);
    expect((await gpus.gpu.topK(new Float32Array(0), 0, 3, 2)).ids.length).toBe(0);
    expect(Array.from((await gpus.gpu.topK(new Float32Array(0), 2, 0, 2)).ids)).toEqual([-1, -1, -1, -1]);
  }, GPU_TEST_TIMEOUT);

  test("K above a heap round (600) runs in rounds, exact with ties", async () => {
    const rows = 5;
    const cols = 700;
    const scores = tiedScores(rows * cols);
    const exclude = randomCsr(rand, rows, cols, 0.1, { values: false });
    expect(await gpus.gpu.topK(scores, rows, cols, 600, exclude)).toEqual(referenceTopK(scores, rows, cols, 600, exclude));
  }, GPU_TEST_TIMEOUT);

  test("bad input throws a RangeError", async () => {
    await expect(gpus.gpu.topK(new Float32Array(5), 2, 3, 1)).rejects.toThrow(RangeError);
    const exclude = { rows: 1, cols: 3, indptr: Int32Array.from([0, 1]), indices: Int32Array.from([7]) };
    await expect(gpus.gpu.topK(new Float32Array(3), 1, 3, 1, exclude)).rejects.toThrow(RangeError);
  }, GPU_TEST_TIMEOUT);

  test("rows and columns beyond a binding are split and merged", async () => {
    const rows = 40;
    const cols = 300;
    const scores = tiedScores(rows * cols);
    const exclude = randomCsr(rand, rows, cols, 0.2, { values: false });
    for (const k of [7, 150]) {
      expect(await gpus.split.topK(scores, rows, cols, k, exclude)).toEqual(referenceTopK(scores, rows, cols, k, exclude));
    }
  }, GPU_TEST_TIMEOUT);
});

describe("heapCapacity", () => {
  test("is a power of two ≥ 8 covering k, capped at 256", () => {
    expect([1, 8, 9, 100, 256, 1000].map(heapCapacity)).toEqual([8, 8, 16, 128, 256, 256]);
  });
});
