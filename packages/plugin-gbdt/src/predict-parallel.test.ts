import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import type { GbdtModel } from "./model.ts";
import { randomColumns, randomModel } from "./onnx/random-model.ts";
import { predictProba, predictRaw } from "./predict.ts";
import { predictThreads } from "./predict-parallel.ts";
import { addTree } from "./train/tree.ts";

/** The plain per-row walk (train/tree.ts), tree by tree: the reference every predictor must equal. */
function reference(model: GbdtModel, columns: Float32Array[]): Float64Array {
  const out = new Float64Array(columns[0]!.length).fill(model.baseScore);
  for (const t of model.trees) addTree(t, columns, out);
  return out;
}

test("worker threads give the single-thread scores bit for bit (odd row counts, numeric and categorical trees)", () => {
  const rng = new Rng(20261206);
  for (const categorical of [false, true]) {
    const model = randomModel(rng, { objective: "binary", features: 7, trees: 40, depth: 6, categorical });
    for (const n of [1, 999, 10_007]) {
      const cols = randomColumns(rng, 7, n);
      const one = predictRaw(model, cols, { threads: 1 });
      expect(one).toEqual(reference(model, cols));
      for (const threads of [2, 3, 4]) {
        // Chunks of 1,000 rows, forced parallel: n is divisible neither by the threads nor by the
        // chunk; with 3 threads also windows of 4,096 rows (the last one short).
        const o = { threads, minWork: 0, chunkRows: 1000, ...(threads === 3 ? { windowRows: 4096 } : {}) };
        if (n > 1000) expect(predictThreads(n, model.trees, o)).toBe(threads);
        const many = predictRaw(model, cols, o);
        expect(many.buffer).toBeInstanceOf(ArrayBuffer);
        expect(many).toEqual(one);
        expect(predictProba(model, cols, o)).toEqual(predictProba(model, cols, { threads: 1 }));
      }
    }
  }
});

test("columns already in shared memory are scored in place with the same result", () => {
  const rng = new Rng(7);
  const model = randomModel(rng, { objective: "regression", features: 4, trees: 25, depth: 5 });
  const cols = randomColumns(rng, 4, 20_001).map((c) => { const s = new Float32Array(new SharedArrayBuffer(4 * c.length)); s.set(c); return s; });
  expect(predictRaw(model, cols, { threads: 3, minWork: 0, chunkRows: 4096 })).toEqual(reference(model, cols));
  expect(predictRaw(model, cols, { threads: 2, minWork: 0, chunkRows: 3000, windowRows: 7000 })).toEqual(reference(model, cols));
});

test("the default sizing: tiny inputs stay on one thread, large ones use the threads asked for", () => {
  const model = randomModel(new Rng(3), { objective: "binary", features: 3, trees: 100, depth: 4 });
  expect(predictThreads(0, model.trees, { threads: 4 })).toBe(1);
  expect(predictThreads(1000, model.trees, { threads: 4 })).toBe(1);
  expect(predictThreads(1_000_000, model.trees, { threads: 1 })).toBe(1);
  expect(predictThreads(1_000_000, model.trees, { threads: 4 })).toBe(4);
  // Never more threads than chunks.
  expect(predictThreads(20_000, model.trees, { threads: 8, chunkRows: 8192 })).toBe(3);
  expect(predictRaw(model, randomColumns(new Rng(4), 3, 0), { threads: 4 })).toEqual(new Float64Array(0));
  expect(() => predictThreads(10, model.trees, { threads: 0 })).toThrow(/threads must be a whole number ≥ 1, found 0/);
});
