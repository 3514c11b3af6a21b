/**
 * Reads chosen columns of a parquet file (hyparquet, column chunks — no row objects) and converts
 * them to the artifact column types: int/float → typed arrays (BigInt and Date values become
 * numbers / unix seconds), strings stay strings. Null, non-numeric or (for ids and timestamps)
 * out-of-int32 values are bad rows, named by path, row number and column.
 */
import { UserError, type Column } from "@shortlist/runner";
import { parquetMetadata, parquetRead, parquetSchema } from "hyparquet";
import type { BadRows } from "../io/bad-rows.ts";
import { quoted } from "../io/echo.ts";
import { INT32_MAX, INT32_MIN } from "../io/value-problems.ts";
import type { ColumnKind } from "./csv.ts";

/**
 * @example await readParquet("ratings.parquet", { user_id: "int", rating: "float" }, bad)
 */
export async function readParquet(path: string, wanted: Record<string, ColumnKind> | "all", bad: BadRows): Promise<Record<string, Column>> {
  const file = Bun.file(path);
  if (!(await file.exists())) throw new UserError(`missing file ${path}`);
  if (file.size === 0) throw new UserError(`${path} is empty: expected a parquet file`);
  const buffer = await file.arrayBuffer();
  let metadata;
  try {
    metadata = parquetMetadata(buffer);
  } catch (e) {
    throw new UserError(`${path} is not a readable parquet file: ${(e as Error).message}`);
  }
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  const spec = wanted === "all" ? Object.fromEntries(names.map((n) => [n, "auto" as const])) : wanted;
  for (const name of Object.keys(spec)) {
    if (!names.includes(name)) throw new UserError(`${path}: no column "${name}" (columns: ${names.join(", ")}); fix the column mapping`);
  }
  const rows = Number(metadata.num_rows);
  const raw: Record<string, unknown[]> = Object.fromEntries(Object.keys(spec).map((n) => [n, new Array(rows)]));
  await parquetRead({
    file: buffer,
    metadata,
    columns: Object.keys(spec),
    onChunk: ({ columnName, columnData, rowStart }) => {
      const target = raw[columnName]!;
      for (let k = 0; k < columnData.length; k++) target[rowStart + k] = columnData[k];
    },
  });
  const bad_ = new Set<number>();
  const out: Record<string, Column> = {};
  for (const [name, kind] of Object.entries(spec)) {
    const values = raw[name]!;
    // String columns are never converted, so only the others pay for toNumber.
    const numeric = kind === "string" ? [] : values.map(toNumber);
    const isNumeric = kind === "int" || kind === "float" || (kind === "auto" && values.length > 0 && numeric.every((v) => Number.isFinite(v)));
    if (!isNumeric) {
      out[name] = values.map((v) => (v === null || v === undefined ? "" : String(v)));
      continue;
    }
    for (let r = 0; r < rows; r++) {
      const v = numeric[r]!;
      const problem = valueProblem(v, values[r], kind);
      if (problem && !bad_.has(r)) {
        bad_.add(r);
        bad.report(path, r + 1, `row ${r + 1}: ${name} = ${String(values[r])}`, `column ${quoted(name)}`, problem);
      }
    }
    out[name] = kind === "float" ? Float32Array.from(numeric) : Int32Array.from(numeric, (v) => (Number.isFinite(v) ? v : 0));
  }
  if (bad_.size === 0) return out;
  // Skipped rows leave every column, so the columns stay aligned.
  const keep = (r: number) => !bad_.has(r);
  for (const [name, col] of Object.entries(out)) {
    out[name] = Array.isArray(col) ? col.filter((_, r) => keep(r)) : (col.filter((_, r) => keep(r)) as Column);
  }
  return out;
}

/** Why a value cannot go into a numeric column (int32 for ids and timestamps), or null when it can. */
function valueProblem(v: number, raw: unknown, kind: ColumnKind): string | null {
  if (raw === null || raw === undefined) return `null, expected ${kind === "int" ? "an integer" : "a number"}`;
  if (!Number.isFinite(v) || (kind === "int" && !Number.isInteger(v))) return `${quoted(String(raw))} is not ${kind === "int" ? "an integer" : "a number"}`;
  if (kind === "int" && v > INT32_MAX) return `${quoted(String(raw))} is too large: at most ${INT32_MAX}`;
  if (kind === "int" && v < INT32_MIN) return `${quoted(String(raw))} is too small: at least ${INT32_MIN}`;
  return null;
}

function toNumber(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Date) return Math.floor(v.getTime() / 1000);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" && v.trim() !== "") return Number(v);
  return NaN;
}
