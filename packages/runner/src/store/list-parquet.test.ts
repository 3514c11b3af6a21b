import { describe, expect, test } from "bun:test";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { int32Lists, listAt, table } from "../artifacts.ts";
import { parquetToTable, tableToParquet } from "./parquet.ts";

describe("list columns in parquet", () => {
  const t = table({ user: Int32Array.of(1, 2, 3), name: ["a", "b", "c"] }, { recent_items: int32Lists([[10, 20], [], [30]]) });

  test("are written as a standard three-level LIST<INT32> that a generic reader returns as arrays", async () => {
    const bytes = tableToParquet(t);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const schema = parquetMetadata(file).schema.map((s) => [s.name, s.type ?? null, s.repetition_type ?? null, s.converted_type ?? null]);
    expect(schema).toEqual([
      ["root", null, null, null],
      ["user", "INT32", "REQUIRED", null],
      ["name", "BYTE_ARRAY", "REQUIRED", "UTF8"],
      ["recent_items", null, "REQUIRED", "LIST"],
      ["list", null, "REPEATED", null],
      ["element", "INT32", "REQUIRED", null],
    ]);
    const rows = await parquetReadObjects({ file });
    expect(rows.map((r) => Array.from(r.recent_items as number[]))).toEqual([[10, 20], [], [30]]);
  });

  test("round-trip through the artifact store as lists, beside the flat columns", async () => {
    const back = await parquetToTable(tableToParquet(t));
    expect(Object.keys(back.columns)).toEqual(["user", "name"]);
    expect(back.lists && Object.keys(back.lists)).toEqual(["recent_items"]);
    expect([0, 1, 2].map((r) => Array.from(listAt(back.lists!.recent_items!, r)))).toEqual([[10, 20], [], [30]]);
    const picked = await parquetToTable(tableToParquet(t), ["recent_items"]);
    expect(Object.keys(picked.columns)).toEqual([]);
    expect(picked.length).toBe(3);
  });

  test("a table's lists must have its length", () => {
    expect(() => table({ user: Int32Array.of(1) }, { recent_items: int32Lists([[1], [2]]) })).toThrow('table column "recent_items" has 2 rows, expected 1');
  });
});
