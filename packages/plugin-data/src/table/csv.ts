/**
 * Reads chosen columns of a CSV file with a header line into typed columns: "int" → Int32Array,
 * "float" → Float32Array, "string" → string[], "auto" → Int32Array when every value is an integer,
 * else strings. A row with the wrong field count, or a non-numeric (or, for "int", out-of-int32)
 * value in a numeric column is a bad row (path, line, column by its header name, and text).
 * Quoting follows RFC 4180, line breaks inside quotes included (see readCsvRecords).
 */
import { UserError, type Column } from "@shortlist/runner";
import type { BadRows } from "../io/bad-rows.ts";
import { columnLabel, fieldCountProblem } from "../io/columns.ts";
import { printable, quoted } from "../io/echo.ts";
import { readCsvRecords } from "../io/csv-records.ts";
import { requireFile } from "../io/text-file.ts";
import { intField, intProblem } from "../io/value-problems.ts";

export type ColumnKind = "int" | "float" | "string" | "auto";

/**
 * @example readCsv("ratings.csv", ",", { userId: "int", rating: "float" }, bad) // { userId: Int32Array, rating: Float32Array }
 */
export function readCsv(path: string, delimiter: string, wanted: Record<string, ColumnKind> | "all", bad: BadRows): Record<string, Column> {
  requireFile(path, `a header line, then rows separated by ${JSON.stringify(delimiter)}`);
  let header: string[] | undefined;
  let picks: { name: string; at: number; kind: ColumnKind; values: (number | string)[] }[] = [];
  readCsvRecords(path, "utf-8", delimiter, (fields, text, n, failure) => {
    if (!header) {
      if (!fields) throw new UserError(`${path}:${n}: the header line: column ${failure.column}: ${failure.why}`);
      header = fields.map((f) => f.trim());
      const spec = wanted === "all" ? Object.fromEntries(header.map((h) => [h, "auto" as const])) : wanted;
      picks = Object.entries(spec).map(([name, kind]) => {
        const at = header!.indexOf(name);
        if (at < 0) throw new UserError(`${path}:${n}: no column ${quoted(name)} in the header (columns: ${printable(header!.join(", "))}); ${delimiterHint(header!, delimiter) ?? "fix the column mapping"}`);
        return { name, at, kind, values: [] };
      });
      return;
    }
    if (!fields) return bad.report(path, n, text, columnLabel(failure.column - 1, header, true), failure.why);
    if (fields.length !== header.length) {
      const p = fieldCountProblem(fields.length, header, true, `expected ${header.length} fields like the header, found ${fields.length}`);
      return bad.report(path, n, text, p.column, p.problem);
    }
    const row: (number | string)[] = [];
    for (const p of picks) {
      const s = fields[p.at]!;
      if (p.kind === "string" || p.kind === "auto") row.push(s);
      else {
        const v = p.kind === "int" ? intField(s) : s.trim() === "" ? NaN : Number(s);
        if (v === null || !Number.isFinite(v)) return bad.report(path, n, text, columnLabel(p.at, header, true), p.kind === "int" ? intProblem(s) : `${quoted(s)} is not a number`);
        row.push(v);
      }
    }
    picks.forEach((p, k) => p.values.push(row[k]!));
  });
  const out: Record<string, Column> = {};
  for (const p of picks) {
    if (p.kind === "int") out[p.name] = Int32Array.from(p.values as number[]);
    else if (p.kind === "float") out[p.name] = Float32Array.from(p.values as number[]);
    else if (p.kind === "auto" && p.values.length > 0 && p.values.every((v) => /^-?\d{1,9}$/.test(v as string))) out[p.name] = Int32Array.from(p.values as string[], Number);
    else out[p.name] = p.values as string[];
  }
  return out;
}

/**
 * When the header did not split but holds a common delimiter, the fix is the delimiter, not the
 * mapping: a tab-separated file read with the default "," is one column named "userID\tartistID…".
 * @example delimiterHint(["userID\tartistID"], ",") // 'the header is tab-separated: set delimiter: "\t" for this file'
 */
export function delimiterHint(header: string[], delimiter: string): string | undefined {
  if (header.length !== 1) return undefined;
  const found = (["\t", ";", "|", ","] as const).find((d) => d !== delimiter && header[0]!.includes(d));
  if (!found) return undefined;
  const name = found === "\t" ? "tab" : found === ";" ? "semicolon" : found === "|" ? "pipe" : "comma";
  return `the header is ${name}-separated: set delimiter: ${JSON.stringify(found)} for this file`;
}
