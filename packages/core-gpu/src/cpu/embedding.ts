/**
 * CPU embedding ops over typed arrays: row copies use `set` (a memcpy), pooling accumulates
 * in place. Validation runs first, so bad ids throw before anything is written.
 */
import type { EmbeddingBagOptions } from "../types.ts";
import { checkEmbeddingBag, checkScatterAdd } from "../reference/embedding.ts";
import { checkIds, checkTable } from "../reference/validate.ts";

/**
 * out[r] = table[ids[r]].
 * @example
 * cpuGather(new Float32Array([1, 2, 3, 4]), 2, new Int32Array([1, 0])); // [3, 4, 1, 2]
 */
export function cpuGather(table: Float32Array, dim: number, ids: Int32Array): Float32Array {
  checkIds(ids, checkTable(table, dim, "gather table"), "gather ids");
  const out = new Float32Array(ids.length * dim);
  for (let r = 0; r < ids.length; r++) {
    const src = ids[r]! * dim;
    out.set(table.subarray(src, src + dim), r * dim);
  }
  return out;
}

/**
 * EmbeddingBag: bag b pools rows ids[offsets[b]..offsets[b+1]); "mean" divides by the bag size.
 * @example
 * cpuEmbeddingBag(table, 2, new Int32Array([0, 1]), new Int32Array([0, 2]), { mode: "sum" });
 */
export function cpuEmbeddingBag(
  table: Float32Array, dim: number, ids: Int32Array, offsets: Int32Array, o: EmbeddingBagOptions,
): Float32Array {
  checkEmbeddingBag(table, dim, ids, offsets, o);
  const w = o.weights;
  const nBags = offsets.length - 1;
  const out = new Float32Array(nBags * dim);
  const acc = new Float64Array(dim);
  for (let b = 0; b < nBags; b++) {
    const start = offsets[b]!;
    const end = offsets[b + 1]!;
    acc.fill(0);
    for (let p = start; p < end; p++) {
      const src = ids[p]! * dim;
      const wp = w ? w[p]! : 1;
      for (let d = 0; d < dim; d++) acc[d]! += wp * table[src + d]!;
    }
    const scale = o.mode === "mean" && end > start ? 1 / (end - start) : 1;
    for (let d = 0; d < dim; d++) out[b * dim + d] = acc[d]! * scale;
  }
  return out;
}

/**
 * target[ids[r]] += grad[r] in place; duplicates accumulate, untouched rows keep their bits.
 * @example
 * cpuScatterAdd(target, 2, new Int32Array([1, 1]), grad);
 */
export function cpuScatterAdd(target: Float32Array, dim: number, ids: Int32Array, grad: Float32Array): void {
  checkScatterAdd(target, dim, ids, grad);
  for (let r = 0; r < ids.length; r++) {
    const dst = ids[r]! * dim;
    const src = r * dim;
    for (let d = 0; d < dim; d++) target[dst + d]! += grad[src + d]!;
  }
}
