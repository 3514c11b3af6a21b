/** Embedding rows for Milvus inserts, a batch at a time, checked against their ids first. */
import { UserError, type Matrix, type Table } from "@shortlist/runner";
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
