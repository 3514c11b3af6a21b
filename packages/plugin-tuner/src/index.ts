/**
 * `@shortlist/plugin-tuner`: `shortlist tune` — a hyper-parameter search declared in the pipeline
 * file's `tune:` block, chosen on the validation split, reusing every cached stage. It adds a
 * command, not stages: its default export is a plugin with none, so `shortlist plugins` (which
 * loads every installed `@shortlist/plugin-*`) lists it without complaint.
 * @example
 * import { tune } from "@shortlist/plugin-tuner";
 * const { best, test } = await tune({ file: "examples/movielens-recbole.yaml" });
 */
import { API_VERSION, definePlugin } from "@shortlist/runner";
import pkg from "../package.json" with { type: "json" };
import { trialTask } from "./trial-task.ts";

export { tune, type TuneOptions, type TuneResult } from "./search.ts";
export { readTuneBlock, type TuneSpec, type Parameter, type Range } from "./declaration.ts";
export { configurations, rangePoints, type Configuration } from "./space.ts";
export { tuneCommand } from "./cli.ts";

// `trial`: one trial of a `shortlist tune --queue` search, for `shortlist worker`s
export default definePlugin({ name: pkg.name, version: pkg.version, apiVersion: API_VERSION, stages: {}, tasks: { trial: trialTask } });
