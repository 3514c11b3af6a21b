/**
 * @shortlist/core-gpu/nn: differentiable tensor operations over the kernel registry, a
 * reverse-mode tape (valueAndGrads), layers, initialisers, optimisers, checkpoints and ONNX
 * export. Import a tensor engine from "@shortlist/core-gpu" (createCpuEngine, createEngine).
 */
export { valueAndGrads, recording } from "./tape.ts";
export { RowSparse, isRowSparse, type Grad } from "./grad.ts";
export { prepareIds, uniqueInverse, type IdBatch } from "./sparse.ts";
export * from "./ops/elementwise.ts";
export { matmul, linear } from "./ops/linalg.ts";
export { sum, mean, type Axis } from "./ops/reduce.ts";
export { reshape, concat, sliceColumns, split } from "./ops/shape.ts";
export { embedding, embeddingBag, gatherRows, prepareBags, type BagBatch } from "./ops/embedding.ts";
export { rowDot, l2Normalize, cosine } from "./ops/rows.ts";
export { bceWithLogits, mse, softmaxCrossEntropy, inBatchSoftmax, simplexLoss, type InBatchSoftmaxOptions, type SimplexOptions } from "./ops/losses.ts";
export { Linear, MLP, Embedding, EmbeddingBag, parameter, type Module, type Activation } from "./layers.ts";
export { Rng, initValues, type InitName, type InitSpec } from "./init.ts";
export { Optimiser, SGD, Adam, AdamW, Adagrad, Ftrl, clipGradNorm } from "./optim.ts";
export { finiteLoss, NonFiniteLossError } from "./guard.ts";
export * from "./onnx/index.ts";
export * from "./checkpoint/index.ts";
export { trainStep, type TrainStepOptions } from "./train-step.ts";
