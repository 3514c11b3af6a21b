/**
 * ONNX export of a trained GBDT (ai.onnx.ml TreeEnsembleClassifier / TreeEnsembleRegressor).
 * @example
 * import { gbdtToOnnx } from "./onnx/index.ts";
 * ctx.output("model.gbdt.onnx", blob(gbdtToOnnx(model), "onnx"));
 */
export { gbdtToOnnx, ONNX_NAMES } from "./export.ts";
export { ensembleNodes, type EnsembleNodes } from "./tree-nodes.ts";
