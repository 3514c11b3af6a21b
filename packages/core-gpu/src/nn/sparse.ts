/**
 * Host-side preparation of id batches for embedding ops: range checks that name the op and the
 * bad id, the batch's unique rows (ascending) and each position's index among them. The
 * embedding gradient is summed per unique row on the engine (ScatterAdd into [U, D]), so
 * optimisers get each touched row once.
 */
import { runKernel } from "../tensor/registry.ts";
import type { Tensor, TensorEngine } from "../tensor/tensor.ts";
import { RowSparse } from "./grad.ts";

export interface IdBatch {
  /** i32 [B]: the ids as given. */
  ids: Tensor;
  /** Unique ids, ascending (host). */
  unique: Int32Array;
  /** i32 [U] on the engine. */
  uniqueT: Tensor;
  /** i32 [B]: position → index into `unique`. */
  inverse: Tensor;
}

/**
 * Unique ascending ids and the inverse map of `ids` (unique[inverse[i]] = ids[i]). An
 * open-addressing hash table over typed arrays finds the distinct ids in one pass, then only
 * those are sorted: a batch's ids repeat (popular items, one-hot buckets), and the sort of all
 * ids plus a Map lookup per id cost several milliseconds a Wide & Deep step.
 * @example
 * uniqueInverse(Int32Array.from([5, 2, 5])); // { unique: [2, 5], inverse: [1, 0, 1] }
 */
export function uniqueInverse(ids: Int32Array): { unique: Int32Array; inverse: Int32Array } {
  const n = ids.length;
  let bits = 4;
  while (1 << bits < 2 * n) bits++;
  const mask = (1 << bits) - 1;
  const { keys, slotRank } = table(1 << bits);
  const slotOf = new Int32Array(n);
  const distinct = new Int32Array(n);
  let u = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    let h = Math.imul(id, 0x9e3779b1) >>> (32 - bits);
    while (slotRank[h] !== -1 && keys[h] !== id) h = (h + 1) & mask;
    if (slotRank[h] === -1) {
      keys[h] = id;
      slotRank[h] = 0;
      distinct[u++] = id;
    }
    slotOf[i] = h;
  }
  const unique = distinct.slice(0, u).sort();
  for (let k = 0; k < u; k++) {
    const id = unique[k]!;
    let h = Math.imul(id, 0x9e3779b1) >>> (32 - bits);
    while (keys[h] !== id || slotRank[h] === -1) h = (h + 1) & mask;
    slotRank[h] = k;
  }
  const inverse = new Int32Array(n);
  for (let i = 0; i < n; i++) inverse[i] = slotRank[slotOf[i]!]!;
  for (let i = 0; i < n; i++) slotRank[slotOf[i]!] = -1; // empty again for the next call
  return { unique, inverse };
}

/** The hash table's arrays, kept between calls (all slots empty, −1, between calls): clearing only the used slots is cheaper than a fresh table per batch. */
let scratch = { keys: new Int32Array(0), slotRank: new Int32Array(0) };
function table(size: number): { keys: Int32Array; slotRank: Int32Array } {
  if (scratch.keys.length < size) scratch = { keys: new Int32Array(size), slotRank: new Int32Array(size).fill(-1) };
  return scratch;
}

/**
 * Checks `ids` against a table of `rows` rows and uploads the batch.
 * @example
 * const batch = prepareIds(engine, userIds, 6040, "user embedding");
 */
export function prepareIds(engine: TensorEngine, ids: Int32Array, rows: number, what: string): IdBatch {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!(id >= 0 && id < rows)) throw new RangeError(`${what}: id ${id} at position ${i} is outside the table's ${rows} rows`);
  }
  const { unique, inverse } = uniqueInverse(ids);
  return {
    ids: engine.fromHost(ids, [ids.length], "i32"),
    unique,
    uniqueT: engine.fromHost(unique, [unique.length], "i32"),
    inverse: engine.fromHost(inverse, [inverse.length], "i32"),
  };
}

/**
 * The row-sparse gradient of a [N, D] table from per-position gradient rows `perPosition`
 * ([B, D], position b belonging to row `batch.ids[b]`): rows summed per unique id.
 */
export function rowSparseFrom(shape: readonly number[], batch: Pick<IdBatch, "unique" | "uniqueT" | "inverse">, perPosition: Tensor): RowSparse {
  const dim = shape[1]!;
  const values = perPosition.engine.zeros([batch.unique.length, dim]);
  runKernel("ScatterAdd", [values, batch.inverse, perPosition], {});
  return new RowSparse(shape, batch.unique, batch.uniqueT, values);
}

/** The sum of two row-sparse gradients of one table (a table used by two lookups). */
export function mergeRowSparse(a: RowSparse, b: RowSparse): RowSparse {
  const engine = a.values.engine;
  const both = new Int32Array(a.rows.length + b.rows.length);
  both.set(a.rows);
  both.set(b.rows, a.rows.length);
  const { unique, inverse } = uniqueInverse(both);
  const dim = a.shape[1]!;
  const values = engine.zeros([unique.length, dim]);
  runKernel("ScatterAdd", [values, engine.fromHost(inverse.subarray(0, a.rows.length), [a.rows.length], "i32"), a.values], {});
  runKernel("ScatterAdd", [values, engine.fromHost(inverse.subarray(a.rows.length), [b.rows.length], "i32"), b.values], {});
  return new RowSparse(a.shape, unique, engine.fromHost(unique, [unique.length], "i32"), values);
}
