import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import "./index.ts";
import { tableWindows } from "../windows.ts";
import { runKernel } from "../../tensor/registry.ts";
import { engineCases, expectAllClose, referenceEngine } from "../../tensor/testing.ts";
import type { Tensor, TensorEngine } from "../../tensor/tensor.ts";
import type { WebGpuEngine } from "../../tensor/webgpu-engine.ts";
import { createRng, randomMatrix, suiteSeed, type Rng } from "../../testing/random.ts";

const seed = suiteSeed();
/** Tables off the tile grid; 1000 × 33 (132 KB) spans 3 windows on the 64 KiB forced-splits engine. */
const TABLES: Array<[number, number]> = [[1, 1], [7, 33], [130, 65], [1000, 33], [5, 0]];

function randomIds(rng: Rng, count: number, rows: number): Int32Array {
  // a few hot ids so duplicates are certain
  return Int32Array.from({ length: count }, () => (rng.next() < 0.3 ? rng.int(Math.min(rows, 3)) : rng.int(rows)));
}

/** Offsets of `bags` bags over `nnz` ids with some empty bags. */
function randomOffsets(rng: Rng, bags: number, nnz: number): Int32Array {
  const cuts = Array.from({ length: bags - 1 }, () => rng.int(nnz + 1)).sort((a, b) => a - b);
  return Int32Array.from([0, ...cuts, nnz]);
}

for (const c of await engineCases()) {
  describe(`embedding on ${c.label} (seed ${seed})`, () => {
    let engine: TensorEngine;
    const ref = referenceEngine();
    beforeAll(async () => { engine = await c.make(); });
    afterAll(async () => { await engine.dispose(); await ref.dispose(); });
    const both = (data: Float32Array | Int32Array, shape: number[]): [Tensor, Tensor] => [engine.fromHost(data, shape), ref.fromHost(data, shape)];
    const compare = async (got: Tensor, want: Tensor, rtol: number, what: string) => {
      expect(got.shape).toEqual(want.shape);
      expectAllClose(await got.read(), await want.read(), rtol, `${what} (seed ${seed})`);
    };

    test("Gather: rows by id, duplicates, empty batch, tables over one binding", async () => {
      const rng = createRng(seed);
      for (const [n, d] of TABLES) {
        const [tg, tr] = both(randomMatrix(rng, n * d), [n, d]);
        for (const b of [0, 1, 65]) {
          const [ig, ir] = both(randomIds(rng, b, n), [b]);
          await compare(runKernel("Gather", [tg, ig], {})[0]!, runKernel("Gather", [tr, ir], {})[0]!, 0, `Gather [${n}, ${d}] × ${b}`);
        }
      }
    });

    test("ScatterAdd: duplicates accumulate, untouched rows keep their bits, several calls in a row", async () => {
      const rng = createRng(seed + 1);
      for (const [n, d] of TABLES) {
        const init = randomMatrix(rng, n * d);
        init[0] = -0; // a -0 in an untouched row must stay -0
        const [tg, tr] = both(init, [n, d]);
        const touched = new Set<number>();
        for (const b of [0, 3, 97]) {
          // never row 0 (unless n = 1), so its -0 is checked below
          const ids = randomIds(rng, b, n).map((id) => (id === 0 && n > 1 ? 1 : id));
          ids.forEach((id) => touched.add(id));
          const src = randomMatrix(rng, b * d);
          const [ig, ir] = both(ids, [b]);
          const [sg, sr] = both(src, [b, d]);
          expect(runKernel("ScatterAdd", [tg, ig, sg], {})).toEqual([]);
          runKernel("ScatterAdd", [tr, ir, sr], {});
        }
        // duplicates sum in arrival order on WebGPU (atomics): within 1e-5 at these sizes
        await compare(tg, tr, 1e-5, `ScatterAdd [${n}, ${d}]`);
        const got = new Uint32Array((await tg.read()).buffer), before = new Uint32Array(init.buffer);
        for (let r = 0; r < n; r++) {
          if (touched.has(r)) continue;
          for (let j = r * d; j < (r + 1) * d; j++) if (got[j] !== before[j]) throw new Error(`ScatterAdd [${n}, ${d}]: untouched row ${r} changed at ${j} (seed ${seed})`);
        }
      }
    });

    test("EmbeddingBag: sum and mean, weighted or not, empty bags, tables over one binding", async () => {
      const rng = createRng(seed + 2);
      for (const [n, d] of TABLES) {
        const [tg, tr] = both(randomMatrix(rng, n * d), [n, d]);
        for (const [bags, nnz] of [[1, 0], [4, 9], [33, 200]] as const) {
          const ids = randomIds(rng, nnz, n);
          const offsets = randomOffsets(rng, bags, nnz);
          const weights = randomMatrix(rng, nnz, 0, 2);
          for (const mode of ["sum", "mean"] as const) {
            for (const weighted of [false, true]) {
              const g = [tg, engine.fromHost(ids, [nnz]), engine.fromHost(offsets, [bags + 1])];
              const r = [tr, ref.fromHost(ids, [nnz]), ref.fromHost(offsets, [bags + 1])];
              if (weighted) { g.push(engine.fromHost(weights, [nnz])); r.push(ref.fromHost(weights, [nnz])); }
              await compare(runKernel("EmbeddingBag", g, { mode })[0]!, runKernel("EmbeddingBag", r, { mode })[0]!, 1e-5, `EmbeddingBag ${mode}${weighted ? " weighted" : ""} [${n}, ${d}] ${bags} bags of ${nnz}`);
            }
          }
        }
      }
      // offsets may start after 0 and end before nnz (ids outside every bag are ignored)
      const [tg2, tr2] = both(randomMatrix(rng, 8 * 3), [8, 3]);
      const ids = new Int32Array([1, 2, 3, 4, 5]), offsets = new Int32Array([1, 3, 4]);
      await compare(runKernel("EmbeddingBag", [tg2, engine.fromHost(ids, [5]), engine.fromHost(offsets, [3])], { mode: "mean" })[0]!,
        runKernel("EmbeddingBag", [tr2, ref.fromHost(ids, [5]), ref.fromHost(offsets, [3])], { mode: "mean" })[0]!, 1e-6, "EmbeddingBag partial offsets");
    });

    test("ids out of range: RangeError on CPU naming id, position and N; zero rows / skipped on WebGPU", async () => {
      const table = engine.fromHost(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
      const ids = engine.fromHost(new Int32Array([1, 7, -1]), [3]);
      const offsets = engine.fromHost(new Int32Array([0, 1, 3]), [3]);
      const src = engine.fromHost(new Float32Array(6).fill(1), [3, 2]);
      if (engine.kind !== "webgpu") {
        expect(() => runKernel("Gather", [table, ids], {})).toThrow("Gather: ids[1] = 7 is outside [0, 3) (the table has N = 3 rows)");
        expect(() => runKernel("ScatterAdd", [table, ids, src], {})).toThrow(/ScatterAdd: ids\[1\] = 7 is outside \[0, 3\)/);
        expect(Array.from(await table.read())).toEqual([1, 2, 3, 4, 5, 6]); // nothing written before the throw
        expect(() => runKernel("EmbeddingBag", [table, ids, offsets], { mode: "sum" })).toThrow(/EmbeddingBag: ids\[1\] = 7/);
        const bad = engine.fromHost(new Int32Array([0, 2, 1]), [3]);
        expect(() => runKernel("EmbeddingBag", [table, engine.fromHost(new Int32Array([0, 0, 0]), [3]), bad], { mode: "sum" })).toThrow("EmbeddingBag: offsets[2] = 1, expected non-decreasing offsets in [0, 3]");
        return;
      }
      expect(Array.from(await runKernel("Gather", [table, ids], {})[0]!.read())).toEqual([3, 4, 0, 0, 0, 0]);
      expect(Array.from(await runKernel("EmbeddingBag", [table, ids, offsets], { mode: "mean" })[0]!.read())).toEqual([3, 4, 0, 0]);
      runKernel("ScatterAdd", [table, ids, src], {});
      expect(Array.from(await table.read())).toEqual([1, 2, 4, 5, 5, 6]);
    });

    test("WebGPU binds tables window by window; batch tensors over one binding throw", async () => {
      const gpu = engine as WebGpuEngine;
      if (engine.kind !== "webgpu" || gpu.maxBindingBytes !== 65536) return;
      expect(tableWindows(gpu, 1000 * 33).map((w) => w.start)).toEqual([0, 16384, 32768]); // rows straddle windows
      const table = engine.zeros([1000, 33]);
      expect(() => runKernel("Gather", [table, engine.zeros([600], "i32")], {})).toThrow("Gather: output [600, 33] needs 79200 bytes, over the device's 65536-byte binding (or dispatch) limit: split the batch");
    });

    test("the CPU engine is deterministic: same input, bit-identical output", async () => {
      if (engine.kind === "webgpu") return;
      const rng = createRng(seed + 3);
      const init = randomMatrix(rng, 130 * 65), ids = randomIds(rng, 300, 130), src = randomMatrix(rng, 300 * 65);
      const runOnce = async () => {
        const t = engine.fromHost(init, [130, 65]);
        runKernel("ScatterAdd", [t, engine.fromHost(ids, [300]), engine.fromHost(src, [300, 65])], {});
        const [bag] = runKernel("EmbeddingBag", [t, engine.fromHost(ids, [300]), engine.fromHost(new Int32Array([0, 150, 300]), [3])], { mode: "sum" });
        return [...(await t.read()), ...(await bag!.read())];
      };
      expect(await runOnce()).toEqual(await runOnce());
    });
  });
}

describe("embedding validation", () => {
  const e = referenceEngine();
  const f = (shape: number[]) => e.zeros(shape);
  const i = (shape: number[]) => e.zeros(shape, "i32");
  test("wrong inputs throw RangeErrors naming the kernel and the shapes", () => {
    expect(() => runKernel("Gather", [f([4, 2])], {})).toThrow("Gather: found 1 inputs, expected 2");
    expect(() => runKernel("Gather", [f([4]), i([2])], {})).toThrow("Gather: table [4] is f32 of rank 1, expected f32 of rank 2");
    expect(() => runKernel("Gather", [f([4, 2]), f([2])], {})).toThrow("Gather: ids [2] is f32 of rank 1, expected i32 of rank 1");
    expect(() => runKernel("ScatterAdd", [f([4, 2]), i([3]), f([3, 3])], {})).toThrow("ScatterAdd: target [4, 2], ids [3] and src [3, 3]: expected src [3, 2]");
    const t = f([4, 2]);
    expect(() => runKernel("ScatterAdd", [t, i([4]), t], {})).toThrow("ScatterAdd: src and target are the same tensor");
    expect(() => runKernel("EmbeddingBag", [f([4, 2]), i([3]), i([0])], { mode: "sum" })).toThrow("EmbeddingBag: offsets [0] is empty");
    expect(() => runKernel("EmbeddingBag", [f([4, 2]), i([3]), i([2]), f([2])], { mode: "sum" })).toThrow("EmbeddingBag: weights [2] and ids [3]: expected one weight per id");
    expect(() => runKernel("EmbeddingBag", [f([4, 2]), i([3]), i([2])], { mode: "max" as "sum" })).toThrow('EmbeddingBag: mode "max" with table [4, 2], expected "sum" or "mean"');
  });
});
