/**
 * @shortlist/plugin-gbdt: the rank.gbdt stage (histogram gradient boosting with ONNX export).
 * @example
 * // pipeline.yaml
 * // plugins: ["@shortlist/plugin-data", "@shortlist/plugin-gbdt"]
 * // stages: [{ use: data.features, with: { ranking: true } }, { use: rank.gbdt }, { use: eval.scores, with: { scores: scores.gbdt } }]
 */
import { API_VERSION, definePlugin } from "@shortlist/runner";
import pkg from "../package.json" with { type: "json" };
import { gbdtStage } from "./stage.ts";

export { gbdtStageOptions, type GbdtStageOptions } from "./stage-options.ts";
export { gbdtToOnnx, ONNX_NAMES } from "./onnx/index.ts";
export { dumpGbdt, loadGbdtDump, DUMP_FORMAT, type GbdtDump } from "./dump.ts";
export * from "./model.ts";

export default definePlugin({
  name: pkg.name,
  version: pkg.version,
  apiVersion: API_VERSION,
  stages: { "rank.gbdt": gbdtStage },
});
