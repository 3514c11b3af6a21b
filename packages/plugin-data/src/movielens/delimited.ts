/**
 * Reads a small delimited text file (users, movies, tags) row by row as string fields, checking
 * the field count and handing each row to a parser that returns a problem or null.
 */
import { basename } from "node:path";
import type { BadRows } from "../io/bad-rows.ts";
import { splitCsvLine } from "../io/fields.ts";
import { readTextLines, requireFile, type Encoding } from "../io/text-file.ts";

export interface DelimitedFormat {
  /** "::" or "|" split plainly; "csv" splits with RFC 4180 quoting. */
  separator: string;
  encoding: Encoding;
  fields: number;
  header: boolean;
  example: string;
}

/**
 * @example readDelimited(path, { separator: "::", encoding: "latin1", fields: 3, header: false, example: "1::Toy Story (1995)::Comedy" }, bad, (f) => …)
 */
export function readDelimited(path: string, f: DelimitedFormat, bad: BadRows, onRow: (fields: string[]) => string | null): void {
  requireFile(path, f.example);
  const file = basename(path);
  let first = true;
  readTextLines(
    path,
    f.encoding,
    (text, n) => {
      if (first && f.header) {
        first = false;
        return;
      }
      first = false;
      const fields = f.separator === "csv" ? splitCsvLine(text) : text.split(f.separator);
      if (!fields) return bad.report(file, n, text, "a quoted field is not closed");
      if (fields.length !== f.fields) {
        const sep = f.separator === "csv" ? "commas" : JSON.stringify(f.separator);
        return bad.report(file, n, text, `expected ${f.fields} fields separated by ${sep} (like "${f.example}"), found ${fields.length}`);
      }
      const problem = onRow(fields);
      if (problem) bad.report(file, n, text, problem);
    },
    f.example,
  );
}

/**
 * Parses an int32 field or returns null.
 * @example intField(" 42 ") // 42; intField("4.5") // null
 */
export function intField(s: string): number | null {
  if (!/^\s*[+-]?\d+\s*$/.test(s)) return null;
  const v = Number(s);
  return v >= -2147483648 && v <= 2147483647 ? v : null;
}
