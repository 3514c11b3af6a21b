/**
 * `shortlist tune --from-metaspore FILE --pipeline P.yaml`: MetaSpore's tuner YAML (`app_name`,
 * `num_experiment`, `model_name`, `dataset`, `common_param`, `hyper_param`) as a Shortlist search.
 * MetaSpore draws `num_experiment` random combinations of the `hyper_param` lists and orders them by
 * Recall@20 (itemcf, swing, simplex) or AUC (widedeep); so does the search this writes: `random`,
 * `trials: num_experiment`, objective `<eval of the model's recs>:recall@20` or
 * `rank.widedeep:valid_auc`, each `hyper_param` mapped to the model's stage option
 * (metaspore-models.ts).
 * `dataset` and `common_param` (Spark columns, cluster sizes, S3 paths) have no meaning here: the
 * pipeline names its data. The search is written as the pipeline file with a `tune:` block,
 * `<pipeline>.metaspore.yaml` beside it, so it can be read, edited and rerun.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parse } from "yaml";
import { nearest, parseYaml, UserError, writeFileAtomic } from "@shortlist/runner/host";
import { MODELS, type DeclaredStage } from "./metaspore-models.ts";

/**
 * The pipeline file's text with the MetaSpore tuner's search as its `tune:` block.
 * @example metasporeSearch("swing_tuner.yaml", yamlText, "p.yaml", pipelineText)
 */
export function metasporeSearch(msFile: string, msText: string, pipelineFile: string, pipelineText: string): string {
  const ms = parse(msText) as Record<string, unknown>;
  const model = String(ms.model_name ?? "");
  const map = MODELS[model];
  if (!map) throw new UserError(`${msFile}: model_name "${model}" has no Shortlist stage to tune; Shortlist has: ${Object.keys(MODELS).join(", ")}`);
  const hyper = (ms.hyper_param ?? {}) as Record<string, unknown>;
  const src = parseYaml(pipelineFile, pipelineText);
  const stages = (src.doc.toJS() as { stages?: DeclaredStage[] }).stages ?? [];
  const stage = stages.find((s) => s.use === map.stage);
  if (!stage) throw new UserError(`${pipelineFile}: no ${map.stage} stage to tune for MetaSpore's model_name ${model}`);
  const id = stage.id ?? stage.use;
  const parameters: Record<string, unknown[]> = {};
  const unused: string[] = [];
  for (const [name, value] of Object.entries(hyper)) {
    const values = listOfValues(name, value);
    const why = map.fixed?.[name];
    if (why) {
      if (new Set(values.map((v) => JSON.stringify(v))).size > 1) throw new UserError(`${msFile}: hyper_param "${name}" cannot be searched in ${map.stage}: ${why}`);
      unused.push(name);
      continue;
    }
    const m = map.params[name];
    const known = [...Object.keys(map.params), ...Object.keys(map.fixed ?? {})];
    if (!m) throw new UserError(`${msFile}: hyper_param "${name}" has no counterpart in ${map.stage}; known for ${model}: ${known.join(", ")}${nearest(name, known) ? ` (did you mean "${nearest(name, known)}"?)` : ""}`);
    parameters[`stages[${id}].with.${m[0]}`] = values.map(m[1]);
  }
  if (Object.keys(parameters).length === 0) throw new UserError(`${msFile}: hyper_param is empty: the search space is empty`);
  const objective = map.objective(stages, stage, pipelineFile);
  const trials = Number(ms.num_experiment ?? 10);
  src.doc.set("tune", src.doc.createNode({ objective, strategy: "random", trials, parameters }));
  src.doc.commentBefore = ` from MetaSpore's tuner ${basename(msFile)} (${ms.app_name ?? model}) by shortlist tune --from-metaspore${unused.length ? `\n MetaSpore hyper_params with nothing to set here: ${unused.map((n) => `${n} (${map.fixed![n]})`).join("; ")}` : ""}`;
  return src.doc.toString({ lineWidth: 0 });
}

/**
 * A hyper_param's candidate values: a list is the values, anything else one value; a list of numbers
 * for a list-valued option (MetaSpore's `deep_hidden_units: [1024, 512, 1]`) is one value.
 */
function listOfValues(name: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) return [value];
  if (name === "deep_hidden_units" && value.every((v) => typeof v === "number")) return [value];
  return value;
}

/** Writes the search beside the pipeline file; returns its path. @example await writeMetasporeSearch("swing_tuner.yaml", "p.yaml") // "p.metaspore.yaml" */
export async function writeMetasporeSearch(msFile: string, pipelineFile: string): Promise<string> {
  const at = join(dirname(pipelineFile), `${basename(pipelineFile).replace(/\.ya?ml$/, "")}.metaspore.yaml`);
  await writeFileAtomic(at, metasporeSearch(msFile, readFileSync(msFile, "utf8"), pipelineFile, readFileSync(pipelineFile, "utf8")));
  return at;
}
