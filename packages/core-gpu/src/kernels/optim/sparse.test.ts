import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import "./index.ts";
import { runKernel } from "../../tensor/registry.ts";
import { engineCases, expectAllClose, referenceEngine } from "../../tensor/testing.ts";
import type { Tensor, TensorEngine } from "../../tensor/tensor.ts";
import { createRng, randomMatrix, suiteSeed, type Rng } from "../../testing/random.ts";
import { SPARSE_CASES, initialState, stepAttrs, type Case } from "./cases.ts";

const seed = suiteSeed();
/** 1000 × 33 (132 KB) spans 3 windows on the forced-splits engine; rows straddle window edges. */
const TABLES: Array<[number, number]> = [[1, 1], [7, 33], [1000, 33], [9, 0]];

/** `count` distinct rows of [0, n) in random order. */
function uniqueRows(rng: Rng, n: number, count: number): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = rng.int(i + 1); [all[i], all[j]] = [all[j]!, all[i]!]; }
  return all.slice(0, Math.min(n, count));
}

for (const c of await engineCases()) {
  describe(`optim (sparse) on ${c.label} (seed ${seed})`, () => {
    let engine: TensorEngine;
    const ref = referenceEngine();
    beforeAll(async () => { engine = await c.make(); });
    afterAll(async () => { await engine.dispose(); await ref.dispose(); });

    /** `steps` lazy updates over random unique row sets; returns tensors, the initial values and the rows touched. */
    const run = (k: Case, [n, d]: [number, number], steps: number, rng: Rng, scale?: number) => {
      const init = [randomMatrix(rng, n * d), ...Array.from({ length: k.states }, (_, j) => initialState(rng, k, j, n * d))];
      if (n * d > 0) init[0]![0] = -0; // a -0 in an untouched row must stay -0
      const got = init.map((x) => engine.fromHost(x, [n, d]));
      const want = init.map((x) => ref.fromHost(x, [n, d]));
      const touched = new Set<number>();
      for (let s = 0; s < steps; s++) {
        const rows = uniqueRows(rng, n, s === 0 ? 1 : 13).filter((r) => r !== 0 || n === 1);
        rows.forEach((r) => touched.add(r));
        const values = randomMatrix(rng, rows.length * d);
        const attrs = { ...stepAttrs(k.attrs, s), scaled: scale !== undefined };
        const inputs = (e: TensorEngine, t: Tensor[]) => [t[0]!, e.fromHost(rows, [rows.length]), e.fromHost(values, [rows.length, d]), ...t.slice(1),
          ...(scale !== undefined ? [e.fromHost(new Float32Array([scale]), [1])] : [])];
        expect(runKernel(k.name, inputs(engine, got), attrs)).toEqual([]);
        runKernel(k.name, inputs(ref, want), attrs);
      }
      return { got, want, init, touched };
    };

    test("every lazy update, three steps in a row: listed rows as the reference, untouched rows of table and state bit-identical", async () => {
      const rng = createRng(seed);
      for (const k of SPARSE_CASES) {
        for (const [n, d] of TABLES) {
          const { got, want, init, touched } = run(k, [n, d], 3, rng);
          for (let i = 0; i < got.length; i++) {
            const g = await got[i]!.read();
            expectAllClose(g, await want[i]!.read(), 1e-5, `${k.name} [${n}, ${d}] tensor ${i} (seed ${seed})`);
            const gotBits = new Uint32Array(g.buffer), initBits = new Uint32Array(init[i]!.buffer);
            for (let r = 0; r < n; r++) {
              if (touched.has(r)) continue;
              for (let j = r * d; j < (r + 1) * d; j++) {
                if (gotBits[j] !== initBits[j]) throw new Error(`${k.name} [${n}, ${d}] tensor ${i}: untouched row ${r} changed at ${j} (seed ${seed})`);
              }
            }
          }
        }
      }
    });

    test("gradScale multiplies the values first (scaled: true)", async () => {
      const rng = createRng(seed + 1);
      for (const k of SPARSE_CASES) {
        const { got, want } = run(k, [40, 7], 2, rng, 0.37);
        for (let i = 0; i < got.length; i++) expectAllClose(await got[i]!.read(), await want[i]!.read(), 1e-5, `${k.name} scaled tensor ${i} (seed ${seed})`);
      }
    });

    test("a lazy update over every row once equals the dense update", async () => {
      const rng = createRng(seed + 2);
      for (const k of SPARSE_CASES) {
        const [n, d] = [20, 9];
        const init = [randomMatrix(rng, n * d), ...Array.from({ length: k.states }, (_, j) => initialState(rng, k, j, n * d))];
        const grad = randomMatrix(rng, n * d);
        const rows = uniqueRows(rng, n, n);
        const values = new Float32Array(n * d);
        rows.forEach((r, u) => values.set(grad.subarray(r * d, (r + 1) * d), u * d));
        const sparse = init.map((x) => engine.fromHost(x, [n, d]));
        const dense = init.map((x) => engine.fromHost(x, [n, d]));
        runKernel(k.name, [sparse[0]!, engine.fromHost(rows, [n]), engine.fromHost(values, [n, d]), ...sparse.slice(1)], k.attrs);
        runKernel(k.name.replace("Sparse", ""), [dense[0]!, engine.fromHost(grad, [n, d]), ...dense.slice(1)], k.attrs);
        for (let i = 0; i < sparse.length; i++) expect(await sparse[i]!.read()).toEqual(await dense[i]!.read());
      }
    });

    test("rows out of range: RangeError on CPU before anything is written; skipped on WebGPU", async () => {
      const table = engine.fromHost(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
      const rows = engine.fromHost(new Int32Array([2, 9]), [2]);
      const values = engine.fromHost(new Float32Array([1, 1, 1, 1]), [2, 2]);
      if (engine.kind !== "webgpu") {
        expect(() => runKernel("SparseSgdUpdate", [table, rows, values], { lr: 1 })).toThrow("SparseSgdUpdate: rows[1] = 9 is outside [0, 3) (the table has N = 3 rows)");
        expect(Array.from(await table.read())).toEqual([1, 2, 3, 4, 5, 6]);
        return;
      }
      runKernel("SparseSgdUpdate", [table, rows, values], { lr: 1 });
      expect(Array.from(await table.read())).toEqual([1, 2, 3, 4, 4, 5]);
    });
  });
}
