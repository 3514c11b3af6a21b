/**
 * @shortlist/plugin-itemcf: the recall.itemcf stage.
 * @example
 * // pipeline.yaml
 * // plugins: ["@shortlist/plugin-itemcf"]
 * // stages: [{ use: recall.itemcf, with: { neighbours: 20 } }]
 */
import { API_VERSION, definePlugin } from "@shortlist/runner";
import pkg from "../package.json" with { type: "json" };
import { itemcfStage } from "./stage.ts";
import { cooccurrenceTask } from "./shard-task.ts";

export { itemcfOptions, type ItemcfOptions } from "./stage.ts";
export { similarityOptions, type SimilaritySpec } from "./similarity.ts";

export default definePlugin({
  name: pkg.name,
  version: pkg.version,
  apiVersion: API_VERSION,
  stages: { "recall.itemcf": itemcfStage },
  // recall.itemcf's heavy part, for `shortlist worker`s (sharded by item range)
  tasks: { cooccurrence: cooccurrenceTask },
});
