/**
 * `shortlist tune --from-metaspore FILE --pipeline P.yaml`: MetaSpore's tuner YAML (`app_name`,
 * `num_experiment`, `model_name`, `dataset`, `common_param`, `hyper_param`) as a Shortlist search.
 * MetaSpore draws `num_experiment` random combinations of the `hyper_param` lists and orders them by
 * Recall@20; so does the search this writes: `random`, `trials: num_experiment`, objective
 * `<eval of the model's recs>:recall@20`, each `hyper_param` mapped to the model's stage option.
 * `dataset` and `common_param` (Spark columns, cluster sizes, S3 paths) have no meaning here: the
 * pipeline names its data. The search is written as the pipeline file with a `tune:` block,
 * `<pipeline>.metaspore.yaml` beside it, so it can be read, edited and rerun.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parse } from "yaml";
import { nearest, parseYaml, UserError, writeFileAtomic } from "@shortlist/runner/host";

/** MetaSpore hyper_param → [stage, option, value mapping]. Swing's `use_plain_weight` is β = 0. */
const MAPPINGS: Record<string, { stage: string; params: Record<string, [string, (v: unknown) => unknown]> }> = {
  itemcf: { stage: "recall.itemcf", params: { max_recommendation_count: ["neighbours", (v) => v] } },
  swing: {
    stage: "recall.swing",
    params: {
      smoothing_coefficient: ["alpha", (v) => v],
      use_plain_weight: ["beta", (v) => (v === true || v === "True" ? 0 : 0.3)],
      max_recommendation_count: ["neighbours", (v) => v],
    },
  },
};

/**
 * The pipeline file's text with the MetaSpore tuner's search as its `tune:` block.
 * @example metasporeSearch("swing_tuner.yaml", yamlText, "p.yaml", pipelineText)
 */
export function metasporeSearch(msFile: string, msText: string, pipelineFile: string, pipelineText: string): string {
  const ms = parse(msText) as Record<string, unknown>;
  const model = String(ms.model_name ?? "");
  const map = MAPPINGS[model];
  if (!map) throw new UserError(`${msFile}: model_name "${model}" has no Shortlist stage to tune; Shortlist has: ${Object.keys(MAPPINGS).join(", ")} (MetaSpore's simplex and widedeep tuner files are not mapped yet: tune recall.simplex with a tune: block, as examples/movielens-recbole-tune-simplex.yaml does)`);
  const hyper = (ms.hyper_param ?? {}) as Record<string, unknown>;
  const src = parseYaml(pipelineFile, pipelineText);
  const stages = (src.doc.toJS() as { stages?: { use: string; id?: string; with?: Record<string, unknown> }[] }).stages ?? [];
  const stage = stages.find((s) => s.use === map.stage);
  if (!stage) throw new UserError(`${pipelineFile}: no ${map.stage} stage to tune for MetaSpore's model_name ${model}`);
  const id = stage.id ?? stage.use;
  const parameters: Record<string, unknown[]> = {};
  for (const [name, value] of Object.entries(hyper)) {
    const m = map.params[name];
    if (!m) throw new UserError(`${msFile}: hyper_param "${name}" has no counterpart in ${map.stage}; known for ${model}: ${Object.keys(map.params).join(", ")}${nearest(name, Object.keys(map.params)) ? ` (did you mean "${nearest(name, Object.keys(map.params))}"?)` : ""}`);
    parameters[`stages[${id}].with.${m[0]}`] = (Array.isArray(value) ? value : [value]).map(m[1]);
  }
  if (Object.keys(parameters).length === 0) throw new UserError(`${msFile}: hyper_param is empty: the search space is empty`);
  const i2i = `i2i.${model}`;
  const recs = stages.find((s) => s.use === "recall.i2i-recs" && (s.with?.i2i ?? "i2i.itemcf") === i2i);
  const recsName = (recs?.with?.output as string) || `recs.${model}`;
  const evalStage = stages.find((s) => s.use === "eval.recs" && s.with?.recs === recsName);
  if (!evalStage) throw new UserError(`${pipelineFile}: no eval.recs stage evaluates ${recsName}, so there is nothing to order the experiments by (MetaSpore orders by Recall@20)`);
  const trials = Number(ms.num_experiment ?? 10);
  src.doc.set("tune", src.doc.createNode({ objective: `${evalStage.id ?? evalStage.use}:recall@20`, strategy: "random", trials, parameters }));
  src.doc.commentBefore = ` from MetaSpore's tuner ${basename(msFile)} (${ms.app_name ?? model}) by shortlist tune --from-metaspore`;
  return src.doc.toString({ lineWidth: 0 });
}

/** Writes the search beside the pipeline file; returns its path. @example await writeMetasporeSearch("swing_tuner.yaml", "p.yaml") // "p.metaspore.yaml" */
export async function writeMetasporeSearch(msFile: string, pipelineFile: string): Promise<string> {
  const at = join(dirname(pipelineFile), `${basename(pipelineFile).replace(/\.ya?ml$/, "")}.metaspore.yaml`);
  await writeFileAtomic(at, metasporeSearch(msFile, readFileSync(msFile, "utf8"), pipelineFile, readFileSync(pipelineFile, "utf8")));
  return at;
}
