/**
 * @shortlist/plugin-rank: the rank.candidates stage, the first step of the ranking funnel.
 * @example
 * // pipeline.yaml
 * // plugins: ["@shortlist/plugin-rank"]
 * // stages: [{ use: rank.candidates, with: { sources: { itemcf: { train: recs.itemcf.valid, test: recs.itemcf } } } }]
 */
import { API_VERSION, definePlugin } from "@shortlist/runner";
import pkg from "../package.json" with { type: "json" };
import { excludeStage } from "./exclude-recs.ts";
import { foldStage } from "./fold-split.ts";
import { candidatesStage } from "./stage.ts";

export { excludeOptions, excludePairs } from "./exclude-recs.ts";
export { foldOptions, foldRows } from "./fold-split.ts";
export { appendPeriods, trainPeriods } from "./periods.ts";
export { embeddingFeatures } from "./embedding-features.ts";
export { candidatesOptions, type CandidatesOptions } from "./options.ts";

export default definePlugin({
  name: pkg.name,
  version: pkg.version,
  apiVersion: API_VERSION,
  stages: { "rank.candidates": candidatesStage, "rank.exclude": excludeStage, "rank.fold": foldStage },
});
