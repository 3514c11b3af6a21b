import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import { randomModel } from "./onnx/random-model.ts";
import { gbdtOutputs, gbdtStageOptions } from "./stage-options.ts";
import { importanceMetrics, importanceOf, trainingCurve } from "./stage-report.ts";

const model = { ...randomModel(new Rng(1), { objective: "binary", features: 4, trees: 2, depth: 1 }), bestIteration: 2 };
model.importance = { gain: [5, 0, 12.5, 3], split: [2, 0, 4, 1] };
model.rounds = [
  { round: 1, trainLoss: 0.6, valid: 0.7, seconds: 0.5 },
  { round: 2, trainLoss: 0.5, valid: 0.75, seconds: 1.5 },
  { round: 3, trainLoss: 0.45, valid: 0.74, seconds: 2 },
];

test("importance: the artifact has every feature; metrics name the top ones by gain, never an unused one", () => {
  expect(importanceOf(model)).toEqual({ feature: ["f0", "f1", "f2", "f3"], gain: [5, 0, 12.5, 3], split: [2, 0, 4, 1] });
  expect(importanceMetrics(model, 2)).toEqual({ "importance.gain.f2": 12.5, "importance.split.f2": 4, "importance.gain.f0": 5, "importance.split.f0": 2 });
  expect(Object.keys(importanceMetrics(model, 10))).not.toContain("importance.gain.f1");
});

test("training curve: one epoch per round with that round's seconds and throughput", () => {
  const c = trainingCurve(model, "gbdt", 1000);
  expect(c).toMatchObject({ algo: "gbdt", metric: "auc", bestEpoch: 2 });
  expect(c.epochs.map((e) => [e.epoch, e.seconds, e.samplesPerSecond])).toEqual([[1, 0.5, 2000], [2, 1, 1000], [3, 0.5, 2000]]);
  expect(c.epochs[1]!.valid).toBe(0.75);
});

test("outputs: scores in samples mode, recs in funnel mode, under the chosen name", () => {
  expect(gbdtOutputs(gbdtStageOptions.parse({}))).toEqual(["model.gbdt", "model.gbdt.dump", "importance.gbdt", "training.gbdt", "scores.gbdt"]);
  expect(gbdtOutputs(gbdtStageOptions.parse({ candidates: "candidates.train", name: "gbdt-small" }))).toContain("recs.gbdt-small");
});
