import { describe, expect, test } from "bun:test";
import { referenceCooccurrenceDense, referenceCooccurrenceTopN } from "../reference/cooccurrence.ts";
import type { CooccurrenceOptions, Csr, PairTransform } from "../types.ts";
import type { WebGpuBackend } from "./backend.ts";
import { useGpuBackends } from "./use-gpu-backends.ts";
import { allTermsPositive } from "./cooccurrence.ts";
import { expectClose, expectSameTopK, randomCsr, randomFloats, seededRandom, GPU_TEST_TIMEOUT } from "./test-support.ts";

const rand = seededRandom(31);
// split: 512-byte bindings, 3 workgroups per dimension: user chunks, item blocks and column spans.
const gpus = useGpuBackends({ gpu: {}, split: { maxBindingBytes: 512, maxWorkgroupsPerDim: 3 } });

/** Per-item statistics in the form each transform expects (positive). */
function transforms(nItems: number): PairTransform[] {
  const stat = randomFloats(rand, nItems, 0.5, 3);
  return [
    { kind: "none" },
    { kind: "cosine", rowStat: stat, shrink: 0.5 },
    { kind: "jaccard", rowStat: randomFloats(rand, nItems, 20, 30) },
    { kind: "asymmetric", rowStat: stat, alpha: 0.3, shrink: 1 },
  ];
}

async function checkTopN(backend: WebGpuBackend, x: Csr, o: CooccurrenceOptions): Promise<void> {
  expectSameTopK(await backend.cooccurrenceTopN(x, o), referenceCooccurrenceTopN(x, o));
}

describe("webgpu cooccurrenceDense", () => {
  test("matches CᵀC with values, row weights and empty users", async () => {
    const x = randomCsr(rand, 80, 37, 0.2, { emptyRows: [0, 5, 79] });
    const w = randomFloats(rand, 80, 0, 2);
    expectClose(await gpus.gpu.cooccurrenceDense(x, w), referenceCooccurrenceDense(x, w));
    const binary = { ...x, values: undefined };
    expectClose(await gpus.gpu.cooccurrenceDense(binary), referenceCooccurrenceDense(binary));
  }, GPU_TEST_TIMEOUT);

  test("no entries give zeros; a bad CSR throws a RangeError", async () => {
    const x: Csr = { rows: 2, cols: 3, indptr: new Int32Array(3), indices: new Int32Array(0) };
    expect(Array.from(await gpus.gpu.cooccurrenceDense(x))).toEqual(new Array(9).fill(0));
    const bad: Csr = { rows: 1, cols: 3, indptr: Int32Array.from([0, 2]), indices: Int32Array.from([2, 1]) };
    await expect(gpus.gpu.cooccurrenceDense(bad)).rejects.toThrow(RangeError);
  }, GPU_TEST_TIMEOUT);

  test("users, item blocks and columns beyond a binding are split", async () => {
    const x = randomCsr(rand, 60, 150, 0.1);
    expectClose(await gpus.split.cooccurrenceDense(x), referenceCooccurrenceDense(x));
  }, GPU_TEST_TIMEOUT);
});

describe("webgpu cooccurrenceTopN", () => {
  test("every transform, with row weights and minCount", async () => {
    const x = randomCsr(rand, 120, 45, 0.15, { emptyRows: [3] });
    const rowWeights = randomFloats(rand, 120, 0.5, 2);
    for (const transform of transforms(45)) {
      await checkTopN(gpus.gpu, x, { topN: 7, rowWeights, transform });
      await checkTopN(gpus.gpu, x, { topN: 7, transform, minCount: 3 });
    }
  }, GPU_TEST_TIMEOUT);

  test("binary data has integer co-counts: ties break by lower item id", async () => {
    const x = { ...randomCsr(rand, 40, 30, 0.3), values: undefined };
    await checkTopN(gpus.gpu, x, { topN: 10 });
  }, GPU_TEST_TIMEOUT);

  test("zero weights keep pairs that co-occur (score 0), found through the co-counts", async () => {
    const x = randomCsr(rand, 30, 12, 0.4);
    const rowWeights = new Float32Array(30); // every contribution is 0
    expect(allTermsPositive(x, rowWeights)).toBe(false);
    await checkTopN(gpus.gpu, x, { topN: 4, rowWeights });
  }, GPU_TEST_TIMEOUT);

  test("topN above the candidates pads with -1/-Infinity; items never co-occurring have none", async () => {
    // Items 0–2 co-occur; item 3 only alone; item 4 never appears.
    const x: Csr = { rows: 3, cols: 5, indptr: Int32Array.from([0, 3, 4, 5]), indices: Int32Array.from([0, 1, 2, 1, 3]) };
    const top = await gpus.gpu.cooccurrenceTopN(x, { topN: 3 });
    expect(Array.from(top.ids)).toEqual([1, 2, -1, 0, 2, -1, 0, 1, -1, -1, -1, -1, -1, -1, -1]);
    expect(top.scores[2]).toBe(-Infinity);
  }, GPU_TEST_TIMEOUT);

  test("reports progress per block and honours blockItems", async () => {
    const x = randomCsr(rand, 50, 40, 0.2);
    const seen: number[] = [];
    await checkTopN(gpus.gpu, x, { topN: 5, blockItems: 16 });
    const top = await gpus.gpu.cooccurrenceTopN(x, { topN: 5, blockItems: 16, onProgress: (done, total) => seen.push(done / total) });
    expectSameTopK(top, referenceCooccurrenceTopN(x, { topN: 5 }));
    expect(seen).toEqual([16 / 40, 32 / 40, 1]);
  }, GPU_TEST_TIMEOUT);

  test("a sparse catalogue: items without entries are skipped, large ids map back, progress reaches nItems", async () => {
    const items = 5000;
    const x = randomCsr(rand, 40, items, 4 / items);
    const tail: Csr = { rows: 2, cols: items, indptr: Int32Array.from([0, 3, 5]), indices: Int32Array.from([7, items - 2, items - 1, items - 2, items - 1]) };
    const both: Csr = {
      rows: 42, cols: items,
      indptr: Int32Array.from([...x.indptr, ...[3, 5].map((v) => v + x.indices.length)]),
      indices: Int32Array.from([...x.indices, ...tail.indices]),
      values: Float32Array.from([...x.values!, 1, 2, 3, 4, 5]),
    };
    const progress: number[] = [];
    const o = { topN: 3, transform: transforms(items)[1]!, blockItems: 16, onProgress: (done: number) => progress.push(done) };
    expectSameTopK(await gpus.gpu.cooccurrenceTopN(both, o), referenceCooccurrenceTopN(both, { ...o, onProgress: undefined }));
    expect(progress.at(-1)).toBe(items);
    expect(progress.every((d, i) => i === 0 || d >= progress[i - 1]!)).toBe(true);
    expectClose(await gpus.gpu.cooccurrenceDense(both), referenceCooccurrenceDense(both));
  }, GPU_TEST_TIMEOUT);

  test("topN larger than a heap round (300) and forced splitting of every dimension", async () => {
    const x = randomCsr(rand, 40, 330, 0.1);
    await checkTopN(gpus.gpu, x, { topN: 300 });
    const y = randomCsr(rand, 70, 140, 0.08);
    await checkTopN(gpus.split, y, { topN: 6, transform: transforms(140)[1]! });
    await checkTopN(gpus.split, y, { topN: 70, minCount: 2 });
  }, GPU_TEST_TIMEOUT);
});
