/**
 * @shortlist/plugin-widedeep: the rank.widedeep stage (Wide & Deep on core-gpu's training engine).
 * @example
 * // pipeline.yaml
 * // plugins: ["@shortlist/plugin-data", "@shortlist/plugin-widedeep"]
 * // stages: [{ use: data.features, with: { ranking: true } }, { use: rank.widedeep }, { use: eval.scores, with: { scores: scores.widedeep } }]
 */
import { API_VERSION, definePlugin } from "@shortlist/runner";
import pkg from "../package.json" with { type: "json" };
import { widedeepStage } from "./stage.ts";

export { widedeepOptions, type WidedeepOptions } from "./options.ts";
export { resolveColumns, type ModelColumns } from "./columns.ts";
export { fitPreprocessing, type Preprocessing } from "./preprocess.ts";
export { encodeRows, type Encoded } from "./encode.ts";
export { WideDeep } from "./model.ts";
export { trainWideDeep, type TrainingLog } from "./fit.ts";
export { predict } from "./step.ts";
export { exportWideDeep } from "./export-onnx.ts";

export default definePlugin({
  name: pkg.name,
  version: pkg.version,
  apiVersion: API_VERSION,
  stages: { "rank.widedeep": widedeepStage },
});
