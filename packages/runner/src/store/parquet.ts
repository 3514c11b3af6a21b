/**
 * Tables ⇄ parquet through hyparquet / hyparquet-writer. Column types round-trip:
 * Int32Array ⇄ INT32, Float32Array ⇄ FLOAT, Float64Array ⇄ DOUBLE, Uint32Array/Uint8Array ⇄ INT32 with a
 * key-value tag restoring the array type, string[] ⇄ UTF8 strings.
 */
import { parquetWriteBuffer } from "hyparquet-writer";
import { parquetMetadata, parquetRead } from "hyparquet";
import type { Column, Table } from "../artifacts.ts";
import { table } from "../artifacts.ts";
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
  const buf = parquetWriteBuffer({
    columnData,
    rowGroupSize: 1_000_000,
    statistics: false,
    kvMetadata: [{ key: "shortlist.kinds", value: JSON.stringify(kinds) }, { key: "shortlist.length", value: String(t.length) }],
  });
  return new Uint8Array(buf);
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
  const names = columns ?? meta.schema.slice(1).filter((s) => !s.num_children).map((s) => s.name);
  const kinds: Record<string, Kind> = {};
  for (const s of meta.schema.slice(1)) {
    if (!names.includes(s.name)) continue;
    kinds[s.name] = tagged[s.name] ?? (s.type === "INT32" ? "i32" : s.type === "FLOAT" ? "f32" : s.type === "DOUBLE" || s.type === "INT64" ? "f64" : "str");
  }
  const out: Record<string, Column> = {};
  for (const name of names) out[name] = allocate(kinds[name] ?? "str", n);
  await parquetRead({
    file,
    columns: names,
    onChunk: ({ columnName, columnData, rowStart }) => {
      const dst = out[columnName] as any;
      const kind = kinds[columnName];
      for (let i = 0; i < columnData.length; i++) {
        const v = columnData[i] as unknown;
        dst[rowStart + i] = kind === "str" ? (v == null ? "" : String(v)) : Number(v);
      }
    },
  });
  return table(out);
}

/** Reads a parquet file into a table. */
export async function readParquet(path: string, columns?: string[]): Promise<Table> {
  return parquetToTable(new Uint8Array(await Bun.file(path).arrayBuffer()), columns);
}
