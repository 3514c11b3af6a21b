import { describe, expect, test } from "bun:test";
import { parse } from "yaml";
import { metasporeSearch } from "./metaspore.ts";
import { SIMPLEX_HYPER, WIDEDEEP_HYPER } from "./metaspore-fixtures.ts";

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
    expect(() => metasporeSearch("t.yaml", MS("    lr: [1]\n", "xdeepfm"), "p.yaml", PIPELINE)).toThrow(/model_name "xdeepfm" has no Shortlist stage to tune; Shortlist has: itemcf, swing, simplex, widedeep/);
  });
});

const SIMPLEX_PIPELINE = `name: p
stages:
  - use: data.movielens
  - use: recall.simplex
    with: { exclude: [split.valid] }
  - use: eval.recs
    id: eval.simplex
    with: { recs: recs.simplex, k: [10, 20] }
`;

const WIDEDEEP_PIPELINE = `name: p
stages:
  - use: data.movielens
  - use: data.features
    with: { ranking: true }
  - use: rank.widedeep
    with: { columns: { sparse: ["*_code"] } }
`;

describe("--from-metaspore: SimpleX and Wide & Deep", () => {
  test("MetaSpore's SimpleX tuner file: each hyper_param an option of recall.simplex, FTRL ones noted as unused", () => {
    const text = metasporeSearch("simplex_tuner.yaml", MS(SIMPLEX_HYPER, "simplex"), "p.yaml", SIMPLEX_PIPELINE);
    const out = parse(text);
    const at = (o: string) => out.tune.parameters[`stages[recall.simplex].with.${o}`];
    expect(out.tune.objective).toBe("eval.simplex:recall@20");
    expect([at("negatives"), at("negativeWeight"), at("margin"), at("dropout"), at("batchSize"), at("dim")]).toEqual([[13], [3], [0.8, 0.9], [0], [256, 512], [32]]);
    expect([at("gamma"), at("lr"), at("epochs")]).toEqual([[0.7, 0.8, 0.9], [0.001, 0.002, 0.003], [1, 2]]);
    expect(Object.keys(out.tune.parameters)).toHaveLength(9);
    expect(text).toMatch(/hyper_params with nothing to set here: ftrl_learning_rate \(MetaSpore trains SimpleX's embedding tables with FTRL/);
    expect(text).toMatch(/shuffle_training_dataset \(training batches are always shuffled/);
  });

  test("MetaSpore's Wide & Deep tuner file: the output layer leaves deep_hidden_units, FTRL goes to ftrl.*, ordered by validation AUC", () => {
    const out = parse(metasporeSearch("widedeep_tuner.yaml", MS(WIDEDEEP_HYPER, "widedeep"), "p.yaml", WIDEDEEP_PIPELINE));
    const at = (o: string) => out.tune.parameters[`stages[rank.widedeep].with.${o}`];
    expect(out.tune.objective).toBe("rank.widedeep:valid_auc");
    expect(at("useWide")).toEqual([true, false]);
    expect(at("hiddenUnits")).toEqual([[1024, 512, 256, 128], [1024, 512]]);
    expect([at("embeddingSize"), at("lr"), at("epochs"), at("batchSize")]).toEqual([[10, 20], [0.00001, 0.0001, 0.001], [1, 2], [256]]);
    expect([at("ftrl.alpha"), at("ftrl.beta"), at("ftrl.l1"), at("ftrl.l2")]).toEqual([[0.02], [1], [1], [1]]);
  });

  test("one list of numbers for deep_hidden_units is one architecture, not three", () => {
    const out = parse(metasporeSearch("w.yaml", MS("    deep_hidden_units: [256, 128, 1]\n", "widedeep"), "p.yaml", WIDEDEEP_PIPELINE));
    expect(out.tune.parameters["stages[rank.widedeep].with.hiddenUnits"]).toEqual([[256, 128]]);
  });

  test("a hyper_param with no counterpart cannot be searched: one value is accepted, several are an error", () => {
    expect(() => metasporeSearch("s.yaml", MS("    _m: [0.8]\n    ftrl_learning_rate: [0.01, 0.02]\n", "simplex"), "p.yaml", SIMPLEX_PIPELINE)).toThrow(/s.yaml: hyper_param "ftrl_learning_rate" cannot be searched in recall.simplex: MetaSpore trains/);
  });

  test("SimpleX without an eval.recs of its recs has nothing to order by", () => {
    const noEval = SIMPLEX_PIPELINE.split("  - use: eval.recs")[0]!;
    expect(() => metasporeSearch("s.yaml", MS("    _m: [0.8]\n", "simplex"), "p.yaml", noEval)).toThrow(/p.yaml: no eval.recs stage evaluates recs.simplex/);
  });

  test("an unknown SimpleX hyper_param names the nearest", () => {
    expect(() => metasporeSearch("s.yaml", MS("    _mm: [0.8]\n", "simplex"), "p.yaml", SIMPLEX_PIPELINE)).toThrow(/hyper_param "_mm" has no counterpart in recall.simplex; known for simplex: .*did you mean "_m"/);
  });
});
