/**
 * Embedding lookups. Their table gradients are row-sparse (RowSparse): only the rows a batch
 * touched, summed per row, so lazy optimisers update those rows and their moments alone.
 */
import { runKernel } from "../../tensor/registry.ts";
import { shapeText, type Tensor, type TensorEngine } from "../../tensor/tensor.ts";
import { record } from "../tape.ts";
import { prepareIds, rowSparseFrom, uniqueInverse, type IdBatch } from "../sparse.ts";
import { binaryK } from "./kernel-calls.ts";

function checkTable(table: Tensor, what: string): void {
  if (table.rank !== 2 || table.dtype !== "f32") throw new RangeError(`${what}: table ${shapeText(table.shape)} ${table.dtype} is not an f32 [rows, dim] matrix`);
}

/**
 * Rows of `table` for a batch of ids (prepareIds) → [B, dim]; the table's gradient is row-sparse.
 * @example
 * const u = embedding(userTable, prepareIds(engine, userIds, nUsers, "user"));
 */
export function embedding(table: Tensor, batch: IdBatch): Tensor {
  checkTable(table, "embedding");
  const y = runKernel("Gather", [table, batch.ids], {})[0]!;
  return record("embedding", [table], y, (dy) => [rowSparseFrom(table.shape, batch, dy)]);
}

/**
 * Rows of a dense activation `x` (not a parameter table) picked by `ids` → [B, C]; its gradient
 * is dense (rows scattered back and summed).
 */
export function gatherRows(x: Tensor, ids: Tensor): Tensor {
  const y = runKernel("Gather", [x, ids], {})[0]!;
  return record("gatherRows", [x], y, (dy) => {
    const dx = x.engine.zeros(x.shape);
    runKernel("ScatterAdd", [dx, ids, dy], {});
    return [dx];
  });
}

/** A batch of bags (ragged lists of ids, e.g. user histories) ready for embeddingBag. */
export interface BagBatch extends IdBatch {
  offsets: Tensor;
  weights?: Tensor;
  /** i32 [nnz]: the bag of each id. */
  bagOf: Tensor;
  /** f32 [nnz, 1]: each id's share of its bag (its weight, divided by the bag's size for "mean"). */
  share: Tensor;
  mode: "sum" | "mean";
  bags: number;
}

/**
 * Checks and uploads bags: bag b holds ids[offsets[b]..offsets[b+1]); offsets has nBags+1
 * entries, starts at 0, never decreases and ends at ids.length.
 * @example
 * const hist = prepareBags(engine, historyIds, historyOffsets, nItems, "mean", "user history");
 */
export function prepareBags(engine: TensorEngine, ids: Int32Array, offsets: Int32Array, rows: number, mode: "sum" | "mean", what: string, weights?: Float32Array): BagBatch {
  const bags = offsets.length - 1;
  if (bags < 0 || offsets[0] !== 0 || offsets[bags] !== ids.length) {
    throw new RangeError(`${what}: offsets must start at 0 and end at the number of ids (${ids.length}); found [${offsets[0]} … ${offsets[bags]}]`);
  }
  if (weights && weights.length !== ids.length) throw new RangeError(`${what}: ${weights.length} weights for ${ids.length} ids`);
  const bagOf = new Int32Array(ids.length);
  const share = new Float32Array(ids.length);
  const mean = mode === "mean";
  for (let b = 0; b < bags; b++) {
    const s = offsets[b]!, e = offsets[b + 1]!;
    if (e < s) throw new RangeError(`${what}: offsets decrease at bag ${b} (${s} → ${e})`);
    const size = mean ? e - s : 1;
    for (let j = s; j < e; j++) {
      bagOf[j] = b;
      share[j] = (weights ? weights[j]! : 1) / size;
    }
  }
  const base = prepareIds(engine, ids, rows, what);
  return {
    ...base,
    offsets: engine.fromHost(offsets, [offsets.length], "i32"),
    weights: weights ? engine.fromHost(weights, [weights.length]) : undefined,
    bagOf: engine.fromHost(bagOf, [bagOf.length], "i32"),
    share: engine.fromHost(share, [share.length, 1]),
    mode,
    bags,
  };
}

/**
 * Pools each bag's rows of `table` (sum or mean, optionally weighted) → [nBags, dim]; empty bags
 * give zeros. The table's gradient is row-sparse.
 * @example
 * const h = embeddingBag(itemTable, prepareBags(engine, hist, offsets, nItems, "mean", "history"));
 */
export function embeddingBag(table: Tensor, bags: BagBatch): Tensor {
  checkTable(table, "embeddingBag");
  const inputs = bags.weights ? [table, bags.ids, bags.offsets, bags.weights] : [table, bags.ids, bags.offsets];
  const y = runKernel("EmbeddingBag", inputs, { mode: bags.mode })[0]!;
  return record("embeddingBag", [table], y, (dy) => {
    const perId = runKernel("Gather", [dy, bags.bagOf], {})[0]!;
    return [rowSparseFrom(table.shape, bags, binaryK("mul", perId, bags.share))];
  });
}

export { prepareIds, uniqueInverse, type IdBatch };
