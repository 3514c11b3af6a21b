/**
 * Tables ⇄ parquet through hyparquet / hyparquet-writer. Column types round-trip:
 * Int32Array ⇄ INT32, Float32Array ⇄ FLOAT, Float64Array ⇄ DOUBLE, Uint32Array/Uint8Array ⇄ INT32 with a
 * key-value tag restoring the array type, string[] ⇄ UTF8 strings, a table's `lists` ⇄ LIST of INT32
 * (the standard three-level layout, which DuckDB, Arrow and Spark read as a list column).
 */
import { parquetWriteBuffer } from "hyparquet-writer";
import { parquetMetadata, parquetRead, parquetSchema } from "hyparquet";
import type { Column, Table } from "../artifacts.ts";
import { table } from "../artifacts.ts";
import { int32Lists, type Int32Lists } from "../list-column.ts";
import { writeFileAtomic } from "./atomic.ts";

type Kind = "i32" | "u32" | "u8" | "f32" | "f64" | "str";

function kindOf(c: Column): Kind {
  if (c instanceof Int32Array) return "i32";
  if (c instanceof Uint32Array) return "u32";
  if (c instanceof Uint8Array) return "u8";
  if (c instanceof Float32Array) return "f32";
  if (c instanceof Float64Array) return "f64";
  return "str";
}

const PARQUET_TYPE = { i32: "INT32", u32: "INT64", u8: "INT32", f32: "FLOAT", f64: "DOUBLE", str: "STRING" } as const;

/** Encodes a table as parquet bytes (SNAPPY, large row groups, no nulls). */
export function tableToParquet(t: Table): Uint8Array {
  const kinds: Record<string, Kind> = {};
  const columnData = Object.entries(t.columns).map(([name, data]) => {
    const kind = kindOf(data);
    kinds[name] = kind;
    // Unsigned columns widen so values above 2^31 survive INT32's signedness.
    const out = kind === "u32" ? Array.from(data as Uint32Array, (v) => BigInt(v)) : kind === "u8" ? Int32Array.from(data as Uint8Array) : data;
    return { name, data: out as any, type: PARQUET_TYPE[kind], nullable: false };
  });
  const kvMetadata = [{ key: "shortlist.kinds", value: JSON.stringify(kinds) }, { key: "shortlist.length", value: String(t.length) }];
  const lists = Object.entries(t.lists ?? {});
  // hyparquet-writer infers flat columns only: a table with lists spells its whole schema out
  // (flat-only tables keep the inferred one, so their bytes, and resume's hashes, stay as they were).
  const buf =
    lists.length === 0
      ? parquetWriteBuffer({ columnData, rowGroupSize: 1_000_000, statistics: false, kvMetadata })
      : parquetWriteBuffer({
          columnData: [...columnData.map(({ name, data }) => ({ name, data })), ...lists.map(([name, l]) => ({ name, data: listRows(l) as any }))],
          schema: [{ name: "root", num_children: columnData.length + lists.length }, ...columnData.map(flatElement), ...lists.flatMap(([name]) => listElements(name))] as any,
          rowGroupSize: 1_000_000,
          statistics: false,
          kvMetadata,
        });
  return new Uint8Array(buf);
}

/** The schema element hyparquet-writer would infer for a flat column of ours. */
function flatElement(c: { name: string; type: (typeof PARQUET_TYPE)[Kind] }) {
  return c.type === "STRING" ? { name: c.name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" } : { name: c.name, type: c.type, repetition_type: "REQUIRED" };
}

/** `name` as LIST<INT32>: required list of required elements. */
function listElements(name: string) {
  return [
    { name, repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    { name: "element", type: "INT32", repetition_type: "REQUIRED" },
  ];
}

function listRows(l: Int32Lists): number[][] {
  return Array.from({ length: l.length }, (_, r) => Array.from(l.values.subarray(l.offsets[r]!, l.offsets[r + 1]!)));
}

/** Writes a table to a parquet file atomically. @example await writeParquet("out.parquet", t) */
export async function writeParquet(path: string, t: Table): Promise<void> {
  await writeFileAtomic(path, tableToParquet(t));
}

function allocate(kind: Kind, n: number): Column {
  switch (kind) {
    case "i32": return new Int32Array(n);
    case "u32": return new Uint32Array(n);
    case "u8": return new Uint8Array(n);
    case "f32": return new Float32Array(n);
    case "f64": return new Float64Array(n);
    case "str": return new Array<string>(n);
  }
}

/** Decodes parquet bytes into a table with typed-array columns (any flat parquet file, not only ours). */
export async function parquetToTable(bytes: Uint8Array, columns?: string[]): Promise<Table> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const meta = parquetMetadata(file);
  const kv = Object.fromEntries((meta.key_value_metadata ?? []).map((e) => [e.key, e.value ?? ""]));
  const tagged: Record<string, Kind> = kv["shortlist.kinds"] ? JSON.parse(kv["shortlist.kinds"]) : {};
  const n = Number(meta.num_rows);
  // Top-level fields: a LIST column is one field with children; any other nested field is skipped.
  const top = parquetSchema(meta).children.map((c) => c.element);
  const isList = (s: (typeof top)[number]) => s.converted_type === "LIST" || s.logical_type?.type === "LIST";
  const listNames = top.filter((s) => isList(s) && (!columns || columns.includes(s.name))).map((s) => s.name);
  const names = (columns ?? top.filter((s) => !s.num_children).map((s) => s.name)).filter((name) => !listNames.includes(name));
  const kinds: Record<string, Kind> = {};
  for (const s of top) {
    if (!names.includes(s.name)) continue;
    kinds[s.name] = tagged[s.name] ?? (s.type === "INT32" ? "i32" : s.type === "FLOAT" ? "f32" : s.type === "DOUBLE" || s.type === "INT64" ? "f64" : "str");
  }
  const out: Record<string, Column> = {};
  for (const name of names) out[name] = allocate(kinds[name] ?? "str", n);
  const listRowsRead: Record<string, ArrayLike<number>[]> = Object.fromEntries(listNames.map((name) => [name, new Array<ArrayLike<number>>(n)]));
  await parquetRead({
    file,
    columns: [...names, ...listNames],
    onChunk: ({ columnName, columnData, rowStart }) => {
      const rows = listRowsRead[columnName];
      if (rows) {
        for (let i = 0; i < columnData.length; i++) rows[rowStart + i] = (columnData[i] as ArrayLike<number> | null) ?? [];
        return;
      }
      const dst = out[columnName] as any;
      const kind = kinds[columnName];
      for (let i = 0; i < columnData.length; i++) {
        const v = columnData[i] as unknown;
        dst[rowStart + i] = kind === "str" ? (v == null ? "" : String(v)) : Number(v);
      }
    },
  });
  if (listNames.length === 0) return table(out);
  return table(out, Object.fromEntries(listNames.map((name) => [name, int32Lists(listRowsRead[name]!.map((r) => Array.from(r, Number)))])));
}

/** Reads a parquet file into a table. */
export async function readParquet(path: string, columns?: string[]): Promise<Table> {
  return parquetToTable(new Uint8Array(await Bun.file(path).arrayBuffer()), columns);
}
