/**
 * The host-array wrappers over the tensor kernels, on a CPU engine with a tiny chunk limit so
 * every split path runs (column spans, id chunks, bag groups, a bag wider than a chunk, matmul
 * row/column/k blocks and batch groups), compared with the reference backend. The WebGPU
 * backend's own runs are in host-api.webgpu.test.ts and the conformance suite.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { referenceEmbeddingBag, referenceGather, referenceScatterAdd } from "../reference/embedding.ts";
import { referenceMatmul } from "../reference/matmul.ts";
import { createCpuEngine } from "../tensor/cpu-engine.ts";
import { expectAllClose } from "../tensor/testing.ts";
import { createRng, randomMatrix, suiteSeed } from "../testing/random.ts";
import { tensorEmbeddingBag, tensorGather, tensorScatterAdd } from "./embedding.ts";
import { bagGroups, compactIds, rowsBlock, type TensorHost } from "./host.ts";
import { planMatmulBlocks, tensorMatmul } from "./matmul.ts";

const SEED = suiteSeed();
const rng = createRng(SEED);
const engine = createCpuEngine({ poison: true });
afterAll(() => engine.dispose());
const hostWith = (maxElems: number): TensorHost => ({ engine, maxElems, run: (_k, body) => body() });
const hosts = [hostWith(Infinity), hostWith(16)];
const ids = (n: number, rows: number) => Int32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? rows - 1 : rng.int(rows)));

describe("host helpers", () => {
  test("compactIds renumbers ids to their distinct rows in first-seen order", () => {
    const c = compactIds(Int32Array.from([5, 2, 5, 9, 2]));
    expect(Array.from(c.rows)).toEqual([5, 2, 9]);
    expect(Array.from(c.local)).toEqual([0, 1, 0, 2, 1]);
    expect(Array.from(rowsBlock(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, Int32Array.from([2, 0]), 1, 2))).toEqual([6, 2]);
    // Bags 0 and 1 share a chunk; bag 2's 7 ids fit alone; with 4 ids per chunk it comes alone, oversized.
    expect(bagGroups(Int32Array.from([0, 2, 2, 9]), 4, 8)).toEqual([{ start: 0, end: 2 }, { start: 2, end: 3 }]);
    expect(bagGroups(Int32Array.from([0, 2, 2, 9]), 1, 4)).toEqual([{ start: 0, end: 2 }, { start: 2, end: 3 }]);
  });

  test("planMatmulBlocks keeps operand blocks within the binding and grids within the limit", () => {
    for (const [m, n, k, maxElems, groups] of [[1000, 1000, 1000, 1 << 16, 65535], [5, 3000, 7, 64, 4], [70, 90, 50, 256, 4], [1, 1, 1e6, 256, 2]] as const) {
      const { mb, nb, kb } = planMatmulBlocks(m, n, k, maxElems, groups, [32, 64]);
      for (const size of [mb * kb, kb * nb, mb * nb]) expect(size).toBeLessThanOrEqual(maxElems);
      expect(Math.ceil(mb / 32)).toBeLessThanOrEqual(groups);
      expect(Math.ceil(nb / 64)).toBeLessThanOrEqual(groups);
      expect(Math.min(mb, nb, kb)).toBeGreaterThanOrEqual(1);
    }
    expect(planMatmulBlocks(100, 200, 300, 1 << 20, 65535, [32, 64])).toEqual({ mb: 100, nb: 200, kb: 300 });
  });
});

describe.each(hosts.map((h) => [h.maxElems, h] as const))("wrappers, chunks of %p elements", (_label, host) => {
  const why = `(seed ${SEED})`;

  test("gather: compacted and whole tables, rows wider than a chunk, bad ids", async () => {
    for (const [rows, dim, n] of [[1, 1, 5], [40, 3, 20], [9, 37, 30], [500, 2, 7]] as const) {
      const table = randomMatrix(rng, rows * dim);
      const id = ids(n, rows);
      expectAllClose(await tensorGather(host, table, dim, id), referenceGather(table, dim, id), 0, `gather ${rows}×${dim} ${why}`);
    }
    expect((await tensorGather(host, new Float32Array(6), 2, new Int32Array(0))).length).toBe(0);
    await expect(tensorGather(host, new Float32Array(6), 2, Int32Array.from([0, 3]))).rejects.toThrow(/gather ids\[1\]/);
  });

  test("embeddingBag: sum and mean, weights, empty bags, a bag larger than a chunk", async () => {
    for (const [rows, dim, sizes] of [[7, 3, [0, 2, 5, 0, 1]], [60, 19, [3, 40, 0, 2]], [4, 1, [0, 0]]] as const) {
      const offsets = Int32Array.from([0, ...sizes.map((_, b) => sizes.slice(0, b + 1).reduce<number>((p, s) => p + s, 0))]);
      const table = randomMatrix(rng, rows * dim);
      const id = ids(offsets[offsets.length - 1]!, rows);
      for (const mode of ["sum", "mean"] as const) {
        for (const weights of [undefined, randomMatrix(rng, id.length)]) {
          const got = await tensorEmbeddingBag(host, table, dim, id, offsets, { mode, weights });
          expectAllClose(got, referenceEmbeddingBag(table, dim, id, offsets, { mode, weights }), 1e-5, `embeddingBag ${rows}×${dim} ${mode} ${why}`);
        }
      }
    }
    // Offsets need not start at 0: bag 0 is ids[1..2).
    const table = randomMatrix(rng, 8);
    expectAllClose(await tensorEmbeddingBag(host, table, 2, Int32Array.from([0, 3]), Int32Array.from([1, 2]), { mode: "sum" }), table.subarray(6, 8), 0);
    await expect(tensorEmbeddingBag(host, table, 2, Int32Array.from([4]), Int32Array.from([0, 1]), { mode: "sum" })).rejects.toThrow(RangeError);
  });

  test("scatterAdd: duplicates accumulate in place, untouched rows keep their bits, bad ids change nothing", async () => {
    for (const [rows, dim, n] of [[1, 1, 4], [30, 3, 50], [6, 40, 9]] as const) {
      const target = randomMatrix(rng, rows * dim);
      for (let r = 1; r < rows; r += 2) target.fill(NaN, r * dim, (r + 1) * dim);
      const id = Int32Array.from({ length: n }, () => 2 * rng.int(Math.ceil(rows / 2)));
      const grad = randomMatrix(rng, n * dim);
      const want = target.slice();
      referenceScatterAdd(want, dim, id, grad);
      await tensorScatterAdd(host, target, dim, id, grad);
      expect(new Uint32Array(target.buffer).filter((_, i) => Math.floor(i / dim) % 2 === 1)).toEqual(new Uint32Array(want.buffer).filter((_, i) => Math.floor(i / dim) % 2 === 1));
      expectAllClose(target.filter((_, i) => Math.floor(i / dim) % 2 === 0), want.filter((_, i) => Math.floor(i / dim) % 2 === 0), 1e-5, `scatterAdd ${why}`);
    }
    const target = Float32Array.from([1, 2, 3, 4]);
    await expect(tensorScatterAdd(host, target, 2, Int32Array.from([0, 2]), new Float32Array(4))).rejects.toThrow(RangeError);
    expect(Array.from(target)).toEqual([1, 2, 3, 4]);
  });

  test("matmul: batches, transposes, bias, ReLU, k = 0, blocks and k-splits", async () => {
    const lim = { maxGroups: 3, tile: [2, 2] as [number, number] };
    for (const [m, n, k, batch] of [[1, 1, 1, 1], [7, 9, 13, 1], [3, 4, 2, 5], [5, 3, 0, 2], [9, 11, 30, 2]] as const) {
      for (let v = 0; v < 4; v++) {
        const o = { m, n, k, batch, transA: (v & 1) === 1, transB: (v & 2) === 2, bias: v < 2 ? randomMatrix(rng, n) : undefined, relu: v % 2 === 0 };
        const a = randomMatrix(rng, batch * m * k);
        const b = randomMatrix(rng, batch * k * n);
        const out = new Float32Array(batch * m * n).fill(NaN);
        expect(await tensorMatmul(host, lim, a, b, { ...o, out })).toBe(out);
        expectAllClose(out, referenceMatmul(a, b, o), 1e-5, `matmul ${batch}×${m}×${n}×${k} v${v} ${why}`);
      }
    }
    await expect(tensorMatmul(host, lim, new Float32Array(3), new Float32Array(4), { m: 2, n: 2, k: 2 })).rejects.toThrow(RangeError);
  });
});
