import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import type { GbdtModel, GbdtTree } from "./model.ts";
import { predictProba, predictRaw } from "./predict.ts";
import { addTree } from "./train/tree.ts";
import { trainGbdt } from "./train/train.ts";

/** Root: x0 <= 0.5 (NaN left) → leaf 0; else node 1: x1 in {2, 4} (NaN right) → leaf 1, else leaf 2. */
const tree: GbdtTree = {
  splitFeature: Int32Array.of(0, 1), threshold: Float32Array.of(0.5, NaN), defaultLeft: Uint8Array.of(1, 0),
  catOffsets: Int32Array.of(0, 0, 2), catValues: Float32Array.of(2, 4), left: Int32Array.of(~0, ~1), right: Int32Array.of(1, ~2),
  splitGain: Float32Array.of(1, 1), internalCount: Int32Array.of(10, 5), leafValue: Float64Array.of(-1, 2, 3), leafCount: Int32Array.of(5, 2, 3),
};
const model: GbdtModel = {
  format: "shortlist-gbdt/1", objective: "binary", baseScore: 0.25, featureNames: ["x0", "x1"], categoricalFeatures: [1], trees: [tree, tree],
  bestIteration: 2, metric: "auc", bestScore: null, importance: { gain: [2, 2], split: [2, 2] }, rounds: [],
};

test("walks numeric, categorical and missing decisions as the model contract says", () => {
  const x0 = Float32Array.of(0.5, NaN, 0.7, 0.7, 0.7, 0.7);
  const x1 = Float32Array.of(9, 9, 2, 4, 3, NaN);
  expect([...predictRaw(model, [x0, x1])]).toEqual([-1.75, -1.75, 4.25, 4.25, 6.25, 6.25]);
  expect(predictProba(model, [x0, x1])[2]).toBeCloseTo(1 / (1 + Math.exp(-4.25)), 12);
  expect(() => predictRaw(model, [x0])).toThrow(/2 features/);
});

test("agrees with the per-row walk on trained models and random inputs (blocks and tails)", () => {
  const r = new Rng(4);
  const n = 5000;
  const cols = Array.from({ length: 3 }, () => Float32Array.from({ length: n }, () => (r.float() < 0.1 ? NaN : r.int(30))));
  const label = Float32Array.from({ length: n }, (_, i) => ((cols[0]![i]! % 3 === 0) !== (cols[1]![i]! > 10) ? 1 : 0));
  for (const categorical of ["ordinal", "sorted"] as const) {
    const m = trainGbdt({ features: cols, featureNames: ["a_code", "b", "c"], label }, undefined, { numRounds: 5, numLeaves: 12, categorical, minDataInLeaf: 5 });
    const fresh = Array.from({ length: 3 }, () => Float32Array.from({ length: 4099 }, () => (r.float() < 0.1 ? NaN : r.int(40) - 5)));
    const want = new Float64Array(4099).fill(m.baseScore);
    for (const t of m.trees) addTree(t, fresh, want);
    expect(predictRaw(m, fresh)).toEqual(want);
  }
});
