/** Embedding rows for Milvus inserts, a batch at a time, checked against their ids first. */
import { matrix, UserError, type Matrix, type Table } from "@shortlist/runner";
import { checkUniqueKeys } from "../unique-keys.ts";

export type RowData = Record<string, number | number[]>;

/**
 * The item ids of an embedding matrix: `emb.<algo>.item_ids`'s `item` column, one per row, unique.
 * @example const ids = embeddingIds(idsTable, emb, "twotower")
 */
export function embeddingIds(ids: Table, m: Matrix, algo: string): Int32Array {
  const c = ids.columns.item;
  const name = `emb.${algo}.item_ids`;
  if (!(c instanceof Int32Array)) throw new UserError(`${name} needs an Int32 "item" column (columns: ${Object.keys(ids.columns).join(", ")})`);
  if (c.length !== m.rows) throw new UserError(`${name} has ${c.length} ids but emb.${algo}.items has ${m.rows} rows: they must match one to one`);
  checkUniqueKeys(c, name, "item");
  return c;
}

/**
 * An embedding table as recall.twotower and recall.simplex write it (`emb.<algo>.item`: an Int32
 * `item` column and f32 columns e0 … e{d−1}) → the vectors as a matrix and their item ids.
 * @example const { m, ids } = embeddingTableRows(await ctx.table("emb.twotower.item"), "twotower")
 */
export function embeddingTableRows(t: Table, algo: string): { m: Matrix; ids: Int32Array } {
  const name = `emb.${algo}.item`;
  const ids = t.columns.item;
  if (!(ids instanceof Int32Array)) throw new UserError(`${name} needs an Int32 "item" column (columns: ${Object.keys(t.columns).join(", ")})`);
  const cols: Float32Array[] = [];
  for (let j = 0; ; j++) {
    const c = t.columns[`e${j}`];
    if (c === undefined) break;
    if (!(c instanceof Float32Array)) throw new UserError(`${name}.e${j} is not a float32 column; expected the vector in f32 columns e0 … e{dim−1}`);
    cols.push(c);
  }
  if (cols.length === 0) throw new UserError(`${name} has no vector columns e0 … e{dim−1} (columns: ${Object.keys(t.columns).join(", ")})`);
  const dim = cols.length;
  const data = new Float32Array(t.length * dim);
  cols.forEach((c, j) => c.forEach((v, r) => (data[r * dim + j] = v)));
  checkUniqueKeys(ids, name, "item");
  return { m: matrix(t.length, dim, data), ids };
}

/**
 * Rows [from, to) as `{ [idField]: id, [vectorField]: [..dim floats] }`.
 * @example insertRows(m, ids, 0, 2, "item_id", "embedding_vector")
 */
export function insertRows(m: Matrix, ids: Int32Array, from: number, to: number, idField: string, vectorField: string): RowData[] {
  const rows: RowData[] = [];
  for (let r = from; r < to; r++) {
    rows.push({ [idField]: ids[r]!, [vectorField]: Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)) });
  }
  return rows;
}
