import { describe, expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import * as ort from "onnxruntime-node";
import { onnx } from "onnx-proto";
import type { GbdtModel, GbdtObjective } from "../model.ts";
import { predictProba, predictRaw } from "../predict.ts";
import { gbdtToOnnx } from "./export.ts";
import { randomColumns, randomModel } from "./random-model.ts";

/** Rows of `columns` laid out as the [N, F] float input. */
function rowMajor(columns: Float32Array[]): Float32Array {
  const n = columns[0]!.length, f = columns.length;
  const x = new Float32Array(n * f);
  for (let j = 0; j < f; j++) for (let r = 0; r < n; r++) x[r * f + j] = columns[j]![r]!;
  return x;
}

/** What onnxruntime-node computes: P(label 1) for binary, the raw margin otherwise. */
async function onnxScores(model: GbdtModel, columns: Float32Array[]): Promise<number[]> {
  const session = await ort.InferenceSession.create(gbdtToOnnx(model));
  const n = columns[0]!.length;
  const out = await session.run({ features: new ort.Tensor("float32", rowMajor(columns), [n, columns.length]) });
  await session.release();
  if (model.objective !== "binary") return Array.from(out.score!.data as Float32Array);
  const p = out.probabilities!.data as Float32Array;
  expect(out.probabilities!.dims).toEqual([n, 2]);
  return Array.from({ length: n }, (_, r) => {
    expect(p[2 * r]! + p[2 * r + 1]!).toBeCloseTo(1, 6);
    return p[2 * r + 1]!;
  });
}

function expectWithin(got: number[], want: Float64Array, tol: number): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let r = 0; r < want.length; r++) worst = Math.max(worst, Math.abs(got[r]! - want[r]!) / Math.max(1, Math.abs(want[r]!)));
  expect(worst).toBeLessThan(tol);
}

describe("gbdtToOnnx on random trees with NaNs, checked with onnxruntime-node", () => {
  const cases: [GbdtObjective, boolean][] = [["binary", true], ["binary", false], ["regression", true], ["lambdarank", false]];
  for (const [objective, categorical] of cases) {
    test(`${objective}${categorical ? " with categorical set splits" : ""}: scores within 1e-5 of the library's`, async () => {
      for (const seed of [1, 2, 3]) {
        const rng = new Rng(seed, objective.length, categorical ? 1 : 0);
        const model = randomModel(rng, { objective, features: 7, trees: 40, depth: 6, categorical });
        const columns = randomColumns(rng, 7, 600);
        const want = objective === "binary" ? predictProba(model, columns) : predictRaw(model, columns);
        expectWithin(await onnxScores(model, columns), want, 1e-5);
      }
    });
  }

  test("a split exactly at a row's value sends it left (x <= threshold), and NaN follows the default direction", async () => {
    const rng = new Rng(9);
    const model = randomModel(rng, { objective: "regression", features: 2, trees: 2, depth: 1, categorical: false });
    const tree = model.trees[1]!;
    // one numeric split on f0 at 0.5, NaN right; leaves −1 (left) and +1 (right)
    Object.assign(tree, { splitFeature: Int32Array.of(0), threshold: Float32Array.of(0.5), defaultLeft: Uint8Array.of(0), catOffsets: Int32Array.of(0, 0), left: Int32Array.of(-1), right: Int32Array.of(-2), leafValue: Float64Array.of(-1, 1) });
    const columns = [Float32Array.of(0.5, Math.fround(0.5 + 2 ** -24), NaN, -3), Float32Array.of(0, 0, 0, 0)];
    const got = await onnxScores(model, columns);
    const base = model.baseScore + model.trees[0]!.leafValue[0]!;
    expectWithin(got, Float64Array.from([-1, 1, 1, -1], (v) => v + base), 1e-6);
    tree.defaultLeft[0] = 1;
    expect((await onnxScores(model, columns))[2]).toBeCloseTo(base - 1, 5);
  });

  test("a model of no trees predicts its base score", async () => {
    const model: GbdtModel = { ...randomModel(new Rng(4), { objective: "binary", features: 3, trees: 1, depth: 0 }), trees: [], baseScore: 0.3 };
    const got = await onnxScores(model, randomColumns(new Rng(5), 3, 4));
    for (const p of got) expect(p).toBeCloseTo(1 / (1 + Math.exp(-0.3)), 6);
  });

  test("the model names its input, opsets and features", () => {
    const model = randomModel(new Rng(6), { objective: "lambdarank", features: 3, trees: 3, depth: 2 });
    const m = onnx.ModelProto.decode(gbdtToOnnx(model));
    expect(Number(m.irVersion)).toBe(4);
    expect(m.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([["", 9], ["ai.onnx.ml", 1]]); // onnxmltools' target_opset 9
    expect(m.graph!.input![0]!.name).toBe("features");
    expect(m.graph!.node![0]!.opType).toBe("TreeEnsembleRegressor");
    expect(JSON.parse(m.metadataProps.find((p) => p.key === "feature_names")!.value!)).toEqual(["f0", "f1", "f2"]);
  });
});
