/**
 * @shortlist/plugin-swing: the recall.swing stage.
 * @example
 * // pipeline.yaml
 * // plugins: ["@shortlist/plugin-swing"]
 * // stages: [{ use: recall.swing, with: { alpha: 1, maxUsersPerItem: 1000 } }]
 */
import { API_VERSION, definePlugin } from "@shortlist/runner";
import pkg from "../package.json" with { type: "json" };
import { swingStage } from "./stage.ts";
import { swingTask } from "./shard-task.ts";

export { swingOptions, type SwingStageOptions } from "./stage.ts";

export default definePlugin({
  name: pkg.name,
  version: pkg.version,
  apiVersion: API_VERSION,
  stages: { "recall.swing": swingStage },
  // recall.swing's heavy part, for `shortlist worker`s (sharded by item range)
  tasks: { swing: swingTask },
});
