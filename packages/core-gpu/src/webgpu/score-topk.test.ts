import { describe, expect, test } from "bun:test";
import { referenceScoreTopK } from "../reference/topk.ts";
import type { WebGpuBackend } from "./backend.ts";
import { useGpuBackends } from "./use-gpu-backends.ts";
import { expectSameTopK, randomCsr, randomFloats, seededRandom, GPU_TEST_TIMEOUT } from "./test-support.ts";

const rand = seededRandom(51);
// split: 1 KiB bindings, 3 workgroups per dimension: query blocks and key spans, merged on the host.
const gpus = useGpuBackends({ gpu: {}, split: { maxBindingBytes: 1024, maxWorkgroupsPerDim: 3 } });

async function check(backend: WebGpuBackend, nq: number, nk: number, dim: number, k: number, withExclusions: boolean): Promise<void> {
  const q = randomFloats(rand, nq * dim);
  const keys = randomFloats(rand, nk * dim);
  const exclude = withExclusions ? randomCsr(rand, nq, nk, 0.2, { values: false, emptyRows: [0] }) : undefined;
  expectSameTopK(await backend.scoreTopK(q, nq, keys, nk, dim, k, exclude), referenceScoreTopK(q, nq, keys, nk, dim, k, exclude));
}

describe("webgpu scoreTopK", () => {
  test("matches scoring then top-K, with exclusions, shapes off the tiles", async () => {
    await check(gpus.gpu, 45, 77, 13, 9, true);
    await check(gpus.gpu, 1, 5, 3, 8, false); // K larger than the key count
  }, GPU_TEST_TIMEOUT);

  test("integer embeddings give exact, tied scores broken by lower key id", async () => {
    const q = Float32Array.from([1, 0, 0, 1]);
    const keys = Float32Array.from([1, 1, 2, 0, 1, 0, 0, 2]);
    const top = await gpus.gpu.scoreTopK(q, 2, keys, 4, 2, 3);
    expect(Array.from(top.ids)).toEqual([1, 0, 2, 3, 0, 1]);
    expect(Array.from(top.scores)).toEqual([2, 1, 1, 2, 1, 0]);
  }, GPU_TEST_TIMEOUT);

  test("no keys pad every slot; bad lengths throw a RangeError", async () => {
    expect(Array.from((await gpus.gpu.scoreTopK(new Float32Array(4), 2, new Float32Array(0), 0, 2, 1)).ids)).toEqual([-1, -1]);
    await expect(gpus.gpu.scoreTopK(new Float32Array(3), 2, new Float32Array(4), 2, 2, 1)).rejects.toThrow(RangeError);
  }, GPU_TEST_TIMEOUT);

  test("query blocks and key spans beyond a binding are fused block by block and merged", async () => {
    await check(gpus.split, 50, 90, 8, 6, true);
    await check(gpus.split, 10, 40, 4, 30, false);
  }, GPU_TEST_TIMEOUT);
});
