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

/** Unique ascending ids and the inverse map of `ids`. */
export function uniqueInverse(ids: Int32Array): { unique: Int32Array; inverse: Int32Array } {
  const sorted = Int32Array.from(ids).sort();
  let u = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[u++] = sorted[i]!;
  const unique = sorted.slice(0, u);
  const index = new Map<number, number>();
  unique.forEach((id, k) => index.set(id, k));
  const inverse = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) inverse[i] = index.get(ids[i]!)!;
  return { unique, inverse };
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
