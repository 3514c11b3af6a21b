/**
 * Everything a search is checked with before any work, shared by `shortlist tune` and `shortlist
 * validate` (which checks a file's `tune:` block when this package is installed): the pipeline as
 * `run` checks it, the `tune:` block, the search's validation-split overrides, every parameter and
 * the objective (check.ts), and a non-empty list of configurations.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError, loadPipeline, parseYaml, type LoadedPipeline, type LoadOptions } from "@shortlist/runner/host";
import { readTuneBlock, type TuneSpec } from "./declaration.ts";
import { checkSearch } from "./check.ts";
import { configurations, type Configuration } from "./space.ts";
import { searchOverrides } from "./validation-split.ts";

export interface PreparedSearch {
  base: LoadedPipeline;
  spec: TuneSpec;
  /** `path=value` overrides every search trial gets (validation split, then tune.search). */
  searchSets: string[];
  configs: Configuration[];
}

/**
 * The checked search of a pipeline file; undefined when the file has no `tune:` block.
 * @example const s = await prepareSearch("examples/movielens-recbole-tune-itemcf.yaml", {})
 */
export async function prepareSearch(file: string, load: LoadOptions): Promise<PreparedSearch | undefined> {
  const base = await loadPipeline(file, load); // every check `run` makes, on the file as it is
  const spec = readTuneBlock(parseYaml(file, readFileSync(resolve(file), "utf8")));
  if (!spec) return undefined;
  const searchSets = [...searchOverrides(base.plan), ...spec.search];
  await checkSearch(file, spec, searchSets, load);
  const configs = configurations(spec, base.cfg.seed);
  if (configs.length === 0) throw new ConfigError(spec.where, "tune", "the search space is empty: no configuration to try", "parameters with at least one value each");
  return { base, spec, searchSets, configs };
}

/**
 * For `shortlist validate`: the search in one line, or "" when the file has none; throws a
 * ConfigError (at the tune: block's line) when the search is bad.
 * @example await describeSearch("p.yaml", {}) // "search: 20 trials (grid) of eval.itemcf:ndcg@10"
 */
export async function describeSearch(file: string, load: LoadOptions): Promise<string> {
  const s = await prepareSearch(file, load);
  if (!s) return "";
  const what = s.spec.strategy === "halving" ? "configurations" : "trials";
  return `search: ${s.configs.length} ${what} (${s.spec.strategy}) of ${s.spec.objective.stage}:${s.spec.objective.metric}`;
}
