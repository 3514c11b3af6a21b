/**
 * The runner's built-in plugin: evaluation stages and the popularity baseline, so every algorithm
 * is measured by the same code. Registered by the loader before any user plugin.
 * @example
 * // in a pipeline file
 * // - use: recall.popular
 * // - use: eval.recs
 * //   with: { recs: recs.popular, k: [10, 20] }
 */
import { API_VERSION, definePlugin } from "../plugin.ts";
import { evalRecs } from "./eval-recs.ts";
import { evalScores } from "./eval-scores.ts";
import { recallPopular } from "./recall-popular.ts";

export const builtinPlugin = definePlugin({
  name: "@shortlist/runner",
  version: "0.1.0",
  apiVersion: API_VERSION,
  stages: {
    "eval.recs": evalRecs,
    "eval.scores": evalScores,
    "recall.popular": recallPopular,
  },
});
