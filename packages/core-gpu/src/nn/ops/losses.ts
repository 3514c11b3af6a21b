/**
 * Losses, each a single value (the mean over the batch): binary cross-entropy with logits, mean
 * squared error, softmax cross-entropy, the in-batch sampled softmax of two-tower retrieval
 * (temperature, accidental-hit masking, logQ correction) and SimpleX's cosine contrastive loss.
 */
import { runKernel } from "../../tensor/registry.ts";
import { sameShape, shapeText, type Tensor } from "../../tensor/tensor.ts";
import { rowsCols } from "../../kernels/elementwise/index.ts";
import { record } from "../tape.ts";
import { add, affine, relu, scale, square, sub } from "./elementwise.ts";
import { binaryK, copyK, reduceK, unaryK } from "./kernel-calls.ts";
import { matmul } from "./linalg.ts";
import { mean } from "./reduce.ts";
import { l2Normalize, rowDot } from "./rows.ts";
import { reshape } from "./shape.ts";
import { gatherRows } from "./embedding.ts";

/**
 * mean(max(x,0) − x·y + log(1 + e^−|x|)) over logits x and 0/1 targets y of the same shape.
 * @example
 * const loss = bceWithLogits(model.forward(x), labels);
 */
export function bceWithLogits(logits: Tensor, targets: Tensor): Tensor {
  if (!sameShape(logits.shape, targets.shape)) throw new RangeError(`bceWithLogits: logits ${shapeText(logits.shape)} and targets ${shapeText(targets.shape)} differ`);
  const n = logits.size;
  const y = reduceK("mean", copyK(binaryK("bceLogits", logits, targets), rowsCols(logits.shape)), "all");
  return record("bceWithLogits", [logits], y, (dy) => [unaryK("affine", binaryK("mul", binaryK("bceLogitsGrad", logits, targets), dy), { alpha: 1 / n })]);
}

/** mean((pred − target)²). */
export function mse(pred: Tensor, target: Tensor): Tensor {
  if (!sameShape(pred.shape, target.shape)) throw new RangeError(`mse: prediction ${shapeText(pred.shape)} and target ${shapeText(target.shape)} differ`);
  return mean(square(sub(pred, target)));
}

/**
 * mean over rows of −log softmax(logits[i])[targets[i]]; logits [B, N], targets i32 [B]
 * (−1 ignores a row: it adds 0). −Infinity logits are masked out.
 */
export function softmaxCrossEntropy(logits: Tensor, targets: Tensor): Tensor {
  const rows = logits.shape[0]!;
  // On the CPU the forward keeps the probabilities (B·N floats) so the backward multiplies instead
  // of recomputing B·N exponentials; on a GPU recomputing is cheaper than the memory.
  const keep = logits.requiresGrad && logits.engine.kind !== "webgpu";
  const [loss, lse, probs] = runKernel("SoftmaxCrossEntropy", [logits, targets], { probabilities: keep }) as [Tensor, Tensor, Tensor?];
  const y = reduceK("mean", loss, "all");
  return record("softmaxCrossEntropy", [logits], y, (dy) => {
    const perRow = binaryK("mul", unaryK("fill", loss, { beta: rows === 0 ? 0 : 1 / rows }), dy);
    return [runKernel("SoftmaxCrossEntropyGrad", probs ? [logits, targets, lse, perRow, probs] : [logits, targets, lse, perRow], {})[0]!];
  });
}

export interface InBatchSoftmaxOptions {
  /** Logits are divided by it (default 1). */
  temperature?: number;
  /** Item id of each row (host): a row's positive appearing as another row's column is masked. */
  itemIds?: Int32Array;
  /** log of each in-batch item's sampling probability (host, length B): subtracted from its column (logQ correction). */
  logQ?: Float32Array;
}

/**
 * Sampled softmax over in-batch negatives: row i's positive is column i of q·kᵀ / T.
 * @example
 * const loss = inBatchSoftmax(userVec, itemVec, { temperature: 0.05, itemIds });
 */
export function inBatchSoftmax(q: Tensor, k: Tensor, o: InBatchSoftmaxOptions = {}): Tensor {
  const b = q.shape[0]!;
  if (!sameShape(q.shape, k.shape)) throw new RangeError(`inBatchSoftmax: queries ${shapeText(q.shape)} and items ${shapeText(k.shape)} differ`);
  const engine = q.engine;
  const t = o.temperature ?? 1;
  // A temperature of 1 needs no scaling pass (a full B×B pass each way, ~20 ms at B = 4,096 on the CPU).
  let logits = t === 1 ? matmul(q, k, { transB: true }) : affine(matmul(q, k, { transB: true }), 1 / t);
  if (o.logQ) logits = sub(logits, engine.fromHost(o.logQ, [b]));
  const targets = engine.fromHost(Int32Array.from({ length: b }, (_, i) => i), [b], "i32");
  if (o.itemIds) {
    const ids = engine.fromHost(o.itemIds, [b], "i32");
    runKernel("MaskAccidentalHits", [logits, ids, ids, targets], {});
  }
  return softmaxCrossEntropy(logits, targets);
}

export interface SimplexOptions {
  /** Negatives below this cosine cost nothing (RecBole default 0.9). */
  margin: number;
  /** Weight of the negatives' mean loss (RecBole default 150 with 1,000 negatives… see plugin). */
  negativeWeight: number;
}

/**
 * SimpleX's cosine contrastive loss: mean over users of relu(1 − cos(u, p)) + w · mean_j
 * relu(cos(u, n_j) − margin); u, p [B, d], negatives [B·N, d] (user i's N negatives in rows
 * i·N … i·N+N−1).
 */
export function simplexLoss(u: Tensor, pos: Tensor, negatives: Tensor, o: SimplexOptions): Tensor {
  const b = u.shape[0]!;
  const n = b === 0 ? 0 : negatives.shape[0]! / b;
  if (!Number.isInteger(n)) throw new RangeError(`simplexLoss: ${negatives.shape[0]} negative rows for ${b} users is not a whole number per user`);
  const un = l2Normalize(u);
  const posLoss = relu(affine(rowDot(un, l2Normalize(pos)), -1, 1));
  const repeat = u.engine.fromHost(Int32Array.from({ length: b * n }, (_, i) => Math.floor(i / n)), [b * n], "i32");
  const negCos = rowDot(gatherRows(un, repeat), l2Normalize(negatives));
  const negLoss = mean(reshape(relu(affine(negCos, 1, -o.margin)), [b, n]), 1);
  return mean(add(posLoss, scale(negLoss, o.negativeWeight)));
}
