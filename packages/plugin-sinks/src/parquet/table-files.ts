/**
 * The parquet layouts of artifacts:
 *  - any table: one parquet column per table column, its list columns (`recent_items`) as LIST<INT32>
 *  - recs.* / i2i.* with listShape "metaspore": one row per key, `key` INT32 and
 *    `value` LIST<STRUCT<_1 INT32, _2 DOUBLE>> in rank order (the field names are options), the shape
 *    MetaSpore's jobs write and its online matchers read (`_1` item id, `_2` score); float32 scores
 *    are stored as the double of their shortest decimal (0.3, not 0.30000001192092896)
 *  - a matrix: `row` (or `item`, when the ids table is at hand) and `embedding` LIST<FLOAT>
 */
import type { ColumnSource, SchemaElement } from "hyparquet-writer";
import { listAt, type Matrix, type Table } from "@shortlist/runner";
import { batchRanges } from "../batches.ts";
import { scoreDouble } from "../number-text.ts";
import { rankedLists } from "../ranked-lists.ts";
import { flatElement, flatValues, listElements } from "./column-schema.ts";
import { root } from "./parquet-file.ts";

export interface FileLayout {
  schema: SchemaElement[];
  chunks: Iterable<ColumnSource[]>;
  rows: number;
}

/** @example const { schema, chunks } = flatTable(recs) */
export function flatTable(t: Table): FileLayout {
  const cols = Object.entries(t.columns);
  const lists = Object.entries(t.lists ?? {});
  const schema = [root(cols.length + lists.length), ...cols.map(([name, c]) => flatElement(name, c)), ...lists.flatMap(([name]) => listElements(name, { type: "INT32" }))];
  const listData = lists.map(([name, l]) => ({ name, data: Array.from({ length: t.length }, (_, r) => Array.from(listAt(l, r))) as ColumnSource["data"] }));
  const chunks = t.length === 0 ? [] : [[...cols.map(([name, c]) => ({ name, data: flatValues(c, 0, t.length) as ColumnSource["data"] })), ...listData]];
  return { schema, chunks, rows: t.length };
}

export interface ValueFields {
  id: string;
  score: string;
}

/**
 * One row per user (recs) or item (i2i) with its list nested, written `keysPerChunk` keys at a time.
 * @example nestedLists(i2i, "i2i.itemcf", { id: "_1", score: "_2" })
 */
export function nestedLists(t: Table, artifact: string, fields: ValueFields, keysPerChunk = 50_000): FileLayout {
  const l = rankedLists(t, artifact);
  const f32 = l.scores instanceof Float32Array;
  const schema = [
    root(2),
    { name: "key", type: "INT32", repetition_type: "REQUIRED" } as SchemaElement,
    ...listElements("value", { fields: [
      { name: fields.id, type: "INT32", repetition_type: "REQUIRED" },
      { name: fields.score, type: "DOUBLE", repetition_type: "REQUIRED" },
    ] }),
  ];
  function* chunks(): Generator<ColumnSource[]> {
    for (const [from, to] of batchRanges(l.keys.length, keysPerChunk)) {
      const value: Record<string, number>[][] = [];
      for (let g = from; g < to; g++) {
        const list: Record<string, number>[] = [];
        for (let r = l.starts[g]!; r < l.starts[g + 1]!; r++) list.push({ [fields.id]: l.ids[r]!, [fields.score]: scoreDouble(l.scores[r]!, f32) });
        value.push(list);
      }
      yield [{ name: "key", data: l.keys.subarray(from, to) }, { name: "value", data: value }];
    }
  }
  return { schema, chunks: chunks(), rows: l.rows };
}

/** Embeddings with their ids (`item`) when given, else their row numbers (`row`). */
export function matrixRows(m: Matrix, ids?: Int32Array, rowsPerChunk = 10_000): FileLayout {
  const idName = ids ? "item" : "row";
  const schema = [root(2), { name: idName, type: "INT32", repetition_type: "REQUIRED" } as SchemaElement, ...listElements("embedding", { type: "FLOAT" })];
  function* chunks(): Generator<ColumnSource[]> {
    for (const [from, to] of batchRanges(m.rows, rowsPerChunk)) {
      const vectors: number[][] = [];
      for (let r = from; r < to; r++) vectors.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
      const idData = ids ? ids.subarray(from, to) : Int32Array.from({ length: to - from }, (_, i) => from + i);
      yield [{ name: idName, data: idData }, { name: "embedding", data: vectors }];
    }
  }
  return { schema, chunks: chunks(), rows: m.rows };
}
