/** Reference embedding ops: gather, EmbeddingBag (sum / mean) and its backward scatter-add. */
import type { EmbeddingBagOptions } from "../types.ts";
import { checkIds, checkTable } from "./validate.ts";

/**
 * out[r] = table[ids[r]].
 * @example
 * referenceGather(new Float32Array([1, 2, 3, 4]), 2, new Int32Array([1])); // [3, 4]
 */
export function referenceGather(table: Float32Array, dim: number, ids: Int32Array): Float32Array {
  const rows = checkTable(table, dim, "gather table");
  checkIds(ids, rows, "gather ids");
  const out = new Float32Array(ids.length * dim);
  for (let r = 0; r < ids.length; r++) {
    for (let d = 0; d < dim; d++) out[r * dim + d] = table[ids[r]! * dim + d]!;
  }
  return out;
}

/**
 * Checks EmbeddingBag offsets: nBags+1 entries, non-decreasing, within [0, ids.length].
 * @example
 * checkOffsets(new Int32Array([0, 2, 2]), 2); // no throw
 */
export function checkOffsets(offsets: Int32Array, idCount: number): void {
  if (offsets.length < 1) throw new RangeError("embeddingBag offsets: found an empty array, expected nBags + 1 entries");
  for (let b = 0; b < offsets.length; b++) {
    const o = offsets[b]!;
    const prev = b === 0 ? 0 : offsets[b - 1]!;
    if (o < prev || o > idCount) {
      throw new RangeError(`embeddingBag offsets[${b}]: found ${o}, expected non-decreasing offsets in [0, ${idCount}]`);
    }
  }
}

/**
 * Checks an EmbeddingBag call (table, ids, offsets, weights, in that order) for every backend and
 * returns the table's row count.
 * @example
 * const tableRows = checkEmbeddingBag(table, 8, ids, offsets, { mode: "sum" });
 */
export function checkEmbeddingBag(table: Float32Array, dim: number, ids: Int32Array, offsets: Int32Array, o: EmbeddingBagOptions): number {
  const rows = checkTable(table, dim, "embeddingBag table");
  checkIds(ids, rows, "embeddingBag ids");
  checkOffsets(offsets, ids.length);
  if (o.weights && o.weights.length !== ids.length) {
    throw new RangeError(`embeddingBag weights length: found ${o.weights.length}, expected ids.length = ${ids.length}`);
  }
  return rows;
}

/**
 * Checks a scatterAdd call (target, ids, grad) for every backend, before anything is written.
 * @example
 * checkScatterAdd(target, 2, new Int32Array([1, 1]), grad);
 */
export function checkScatterAdd(target: Float32Array, dim: number, ids: Int32Array, grad: Float32Array): void {
  const rows = checkTable(target, dim, "scatterAdd target");
  checkIds(ids, rows, "scatterAdd ids");
  if (grad.length !== ids.length * dim) {
    throw new RangeError(`scatterAdd grad length: found ${grad.length}, expected ids.length·dim = ${ids.length * dim}`);
  }
}

/**
 * Bag b pools rows ids[offsets[b]..offsets[b+1]), each scaled by its weight when given.
 * "mean" divides the (weighted) sum by the number of ids in the bag; empty bags give zeros.
 * @example
 * referenceEmbeddingBag(new Float32Array([1, 2, 3, 4]), 2, new Int32Array([0, 1]), new Int32Array([0, 2]), { mode: "mean" }); // [2, 3]
 */
export function referenceEmbeddingBag(
  table: Float32Array, dim: number, ids: Int32Array, offsets: Int32Array, o: EmbeddingBagOptions,
): Float32Array {
  checkEmbeddingBag(table, dim, ids, offsets, o);
  const nBags = offsets.length - 1;
  const out = new Float32Array(nBags * dim);
  for (let b = 0; b < nBags; b++) {
    const start = offsets[b]!;
    const end = offsets[b + 1]!;
    for (let d = 0; d < dim; d++) {
      let s = 0;
      for (let p = start; p < end; p++) s += (o.weights ? o.weights[p]! : 1) * table[ids[p]! * dim + d]!;
      out[b * dim + d] = o.mode === "mean" && end > start ? s / (end - start) : s;
    }
  }
  return out;
}

/**
 * target[ids[r]] += grad[r], in place; duplicate ids accumulate. Validates before writing anything.
 * @example
 * const t = new Float32Array(4); referenceScatterAdd(t, 2, new Int32Array([1, 1]), new Float32Array([1, 1, 2, 2])); // t = [0, 0, 3, 3]
 */
export function referenceScatterAdd(target: Float32Array, dim: number, ids: Int32Array, grad: Float32Array): void {
  checkScatterAdd(target, dim, ids, grad);
  for (let r = 0; r < ids.length; r++) {
    for (let d = 0; d < dim; d++) target[ids[r]! * dim + d]! += grad[r * dim + d]!;
  }
}
