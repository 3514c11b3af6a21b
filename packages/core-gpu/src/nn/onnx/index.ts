/**
 * ONNX export for the training engine's inference graphs: a graph builder and layer emitters.
 * @example
 * import { OnnxGraph, emitMlp } from "./nn/onnx/index.ts";
 */
export { OnnxGraph, type AttrValue, type Dim, type ElemType } from "./graph.ts";
export { emitActivation, emitLinear, emitMlp, type Activation, type MlpLayer, type MlpOptions } from "./emit.ts";
export { emitEmbedding, emitEmbeddingBag, type BagMode } from "./emit-embedding.ts";
export { emitConcat, emitL2Normalize, emitRowDot } from "./emit-ops.ts";
