import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import { UserError } from "@shortlist/runner";
import { DUMP_FORMAT, dumpGbdt, loadGbdtDump, type DumpSplit } from "./dump.ts";
import { randomColumns, randomModel } from "./onnx/random-model.ts";
import { predictRaw } from "./predict.ts";

test("dump → JSON text → load gives back the same arrays and the same predictions", () => {
  const rng = new Rng(3);
  const model = randomModel(rng, { objective: "binary", features: 5, trees: 12, depth: 5 });
  model.rounds = [{ round: 1, trainLoss: 0.6, valid: 0.7, seconds: 0.01 }];
  const back = loadGbdtDump(JSON.parse(JSON.stringify(dumpGbdt(model))));
  // typed arrays as plain arrays: bun compares typed-array elements with ===, so NaN thresholds would differ from themselves
  const plain = (m: object) => JSON.parse(JSON.stringify(m, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array, (x) => (Number.isNaN(x) ? "NaN" : x)) : v)));
  expect(plain(back)).toEqual(plain(model));
  expect(back.trees[3]!.threshold).toBeInstanceOf(Float32Array);
  const cols = randomColumns(rng, 5, 300);
  expect(predictRaw(back, cols)).toEqual(predictRaw(model, cols));
});

test("the dump reads as a tree: splits name their feature, test and missing direction", () => {
  const model = randomModel(new Rng(8), { objective: "regression", features: 4, trees: 6, depth: 3 });
  const d = dumpGbdt(model);
  expect(d.format).toBe(DUMP_FORMAT);
  expect(d.importance.map((i) => i.feature)).toEqual(["f0", "f1", "f2", "f3"]);
  expect("leaf" in d.trees[0]!.root).toBe(true); // the random model's first tree is a single leaf
  const split = d.trees.map((t) => t.root).find((r): r is DumpSplit => "node" in r)!;
  expect(split.feature).toBe(`f${split.featureIndex}`);
  expect(["left", "right"]).toContain(split.missing);
  expect(split.decision === "<=" ? typeof split.threshold : Array.isArray(split.categories)).toBe(split.decision === "<=" ? "number" : true);
});

test("a dump of another format is refused with what was expected", () => {
  expect(() => loadGbdtDump({ format: "shortlist-gbdt-dump/0", trees: [] })).toThrow(UserError);
  expect(() => loadGbdtDump(null)).toThrow(/expected a "shortlist-gbdt-dump\/1" dump/);
});
