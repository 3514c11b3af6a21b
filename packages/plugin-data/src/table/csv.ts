/**
 * Reads chosen columns of a CSV file with a header line into typed columns: "int" → Int32Array,
 * "float" → Float32Array, "string" → string[], "auto" → Int32Array when every value is an integer,
 * else strings. A row with the wrong field count or a non-numeric value in a numeric column is a
 * bad row (file, line and text in the error).
 */
import { basename } from "node:path";
import { UserError, type Column } from "@shortlist/runner";
import type { BadRows } from "../io/bad-rows.ts";
import { splitCsvLine } from "../io/fields.ts";
import { readTextLines, requireFile } from "../io/text-file.ts";

export type ColumnKind = "int" | "float" | "string" | "auto";

/**
 * @example readCsv("ratings.csv", ",", { userId: "int", rating: "float" }, bad) // { userId: Int32Array, rating: Float32Array }
 */
export function readCsv(path: string, delimiter: string, wanted: Record<string, ColumnKind> | "all", bad: BadRows): Record<string, Column> {
  requireFile(path, `a header line, then rows separated by ${JSON.stringify(delimiter)}`);
  const file = basename(path);
  let header: string[] | undefined;
  let picks: { name: string; at: number; kind: ColumnKind; values: (number | string)[] }[] = [];
  readTextLines(path, "utf-8", (text, n) => {
    const fields = splitCsvLine(text, delimiter);
    if (!header) {
      if (!fields) throw new UserError(`${path}:${n}: the header line has an unclosed quote`);
      header = fields.map((f) => f.trim());
      const spec = wanted === "all" ? Object.fromEntries(header.map((h) => [h, "auto" as const])) : wanted;
      picks = Object.entries(spec).map(([name, kind]) => {
        const at = header!.indexOf(name);
        if (at < 0) throw new UserError(`${path}: no column "${name}" in the header (columns: ${header!.join(", ")}); fix the column mapping`);
        return { name, at, kind, values: [] };
      });
      return;
    }
    if (!fields) return bad.report(file, n, text, "a quoted field is not closed");
    if (fields.length !== header.length) return bad.report(file, n, text, `expected ${header.length} fields like the header, found ${fields.length}`);
    const row: (number | string)[] = [];
    for (const p of picks) {
      const s = fields[p.at]!;
      if (p.kind === "string" || p.kind === "auto") row.push(s);
      else {
        const v = p.kind === "int" ? (/^\s*[+-]?\d+\s*$/.test(s) ? Number(s) : NaN) : s.trim() === "" ? NaN : Number(s);
        if (!Number.isFinite(v)) return bad.report(file, n, text, `${p.name} "${s}" is not ${p.kind === "int" ? "an integer" : "a number"}`);
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
