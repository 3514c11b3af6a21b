import { describe, expect, test } from "bun:test";
import { parse } from "yaml";
import { metasporeSearch } from "./metaspore.ts";

const PIPELINE = `name: p
stages:
  - use: data.movielens
  - use: recall.swing
    with: { alpha: 1 }
  - use: recall.i2i-recs
    id: recs.swing
    with: { i2i: i2i.swing }
  - use: eval.recs
    id: eval.swing
    with: { recs: recs.swing }
`;

const MS = (hyper: string, model = "swing") => `app_name: Swing Retrieval Model Tuner
num_experiment: 3
model_name: ${model}
dataset:
    train: s3://bucket/train.parquet
common_param:
    worker_count: 2
hyper_param:
${hyper}`;

describe("--from-metaspore", () => {
  test("hyper_param lists become search dimensions; random, num_experiment trials, Recall@20", () => {
    const out = parse(metasporeSearch("t.yaml", MS("    use_plain_weight: False\n    smoothing_coefficient: [0.5, 1.0, 2.0]\n"), "p.yaml", PIPELINE));
    expect(out.tune).toEqual({
      objective: "eval.swing:recall@20",
      strategy: "random",
      trials: 3,
      parameters: { "stages[recall.swing].with.beta": [0.3], "stages[recall.swing].with.alpha": [0.5, 1, 2] },
    });
    expect(out.stages).toHaveLength(4);
  });

  test("an unknown hyper_param is named, with the known ones", () => {
    expect(() => metasporeSearch("t.yaml", MS("    smoothing_coeficient: [1]\n"), "p.yaml", PIPELINE)).toThrow(/t.yaml: hyper_param "smoothing_coeficient" has no counterpart in recall.swing; known for swing: .*did you mean "smoothing_coefficient"/);
  });

  test("a model Shortlist does not have", () => {
    expect(() => metasporeSearch("t.yaml", MS("    lr: [1]\n", "widedeep"), "p.yaml", PIPELINE)).toThrow(/model_name "widedeep" has no Shortlist stage to tune/);
  });
});
