/**
 * @shortlist/plugin-twotower: recall.simplex (SimpleX, Mao et al. CIKM 2021) and recall.twotower
 * (in-batch two-tower retrieval), trained by one shared epoch loop (src/train/).
 * @example
 * // pipeline.yaml
 * // plugins: ["@shortlist/plugin-twotower"]
 * // stages: [{ use: recall.simplex, with: { exclude: [split.valid] } }]
 */
import { API_VERSION, definePlugin } from "@shortlist/runner";
import pkg from "../package.json" with { type: "json" };
import { simplexStage } from "./simplex/stage.ts";
import { twotowerStage } from "./twotower/stage.ts";
import { rankTask } from "./train/rank-shards.ts";

export { simplexOptions, type SimplexOptions } from "./simplex/options.ts";
export { createSimplexForBench, type SimplexBench, type SimplexBenchOptions } from "./simplex/bench-api.ts";

export default definePlugin({
  name: pkg.name,
  version: pkg.version,
  apiVersion: API_VERSION,
  stages: {
    "recall.simplex": simplexStage,
    "recall.twotower": twotowerStage,
  },
  // the batch top-K for every user, for `shortlist worker`s (sharded by blocks of users)
  tasks: { rank: rankTask },
});
