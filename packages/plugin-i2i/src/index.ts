/**
 * @shortlist/plugin-i2i: the recall.i2i-recs stage (user recommendations from any i2i table).
 * @example
 * // pipeline.yaml
 * // plugins: ["@shortlist/plugin-itemcf", "@shortlist/plugin-i2i"]
 * // stages: [{ use: recall.itemcf }, { use: recall.i2i-recs, with: { i2i: i2i.itemcf } }, { use: eval.recs, with: { recs: recs.itemcf } }]
 */
import { API_VERSION, definePlugin } from "@shortlist/runner";
import pkg from "../package.json" with { type: "json" };
import { i2iRecsStage } from "./stage.ts";
import { recommendTask } from "./shard-task.ts";

export { i2iRecsOptions, recsName, type I2iRecsOptions } from "./stage.ts";

export default definePlugin({
  name: pkg.name,
  version: pkg.version,
  apiVersion: API_VERSION,
  stages: { "recall.i2i-recs": i2iRecsStage },
  // recall.i2i-recs' per-user scoring, for `shortlist worker`s (sharded by user range)
  tasks: { recommend: recommendTask },
});
