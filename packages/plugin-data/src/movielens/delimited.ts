/**
 * Reads a small delimited text file (users, movies, tags) row by row as string fields, checking
 * the header (where the format has one) and the field count, and handing each row to a parser that
 * returns a problem (with its column) or null.
 */
import type { BadRows } from "../io/bad-rows.ts";
import { checkHeader, columnLabel, fieldCountProblem, type Problem } from "../io/columns.ts";
import { readCsvRecords } from "../io/csv-records.ts";
import type { CsvFailure } from "../io/fields.ts";
import { readTextLines, requireFile, type Encoding } from "../io/text-file.ts";
import { intField, intProblem } from "../io/value-problems.ts";

export interface DelimitedFormat {
  /** "::" or "|" split plainly; "csv" splits with RFC 4180 quoting. */
  separator: string;
  encoding: Encoding;
  /** The columns, in order: the header a headed file must start with, else what each field is. */
  columns: readonly string[];
  header: boolean;
  example: string;
}

/** Builds the problems a row parser returns, naming columns the way the format does. */
export type ColumnProblem = (at: number, problem: string) => Problem;

/**
 * @example readDelimited(path, { separator: "::", encoding: "latin1", columns: ["movie id", "title", "genres"], header: false, example: "1::Toy Story (1995)::Comedy" }, bad, (f, at) => …)
 */
export function readDelimited(path: string, f: DelimitedFormat, bad: BadRows, onRow: (fields: string[], at: ColumnProblem) => Problem | null): void {
  requireFile(path, f.example);
  const at: ColumnProblem = (k, problem) => ({ column: columnLabel(k, f.columns, f.header), problem });
  let headerSeen = !f.header;
  const plain: CsvFailure = { column: 0, why: "" };
  // CSV records may span lines (a quoted line break); the other separators never quote.
  const each = (cb: (fields: string[] | null, text: string, n: number, failure: CsvFailure) => void) =>
    f.separator === "csv" ? readCsvRecords(path, f.encoding, ",", cb, f.example) : readTextLines(path, f.encoding, (text, n) => cb(text.split(f.separator), text, n, plain), f.example);
  each(
    (fields, text, n, failure) => {
      if (!headerSeen) {
        headerSeen = true;
        return checkHeader(path, n, text, fields ?? [], f.columns);
      }
      if (!fields) return bad.report(path, n, text, columnLabel(failure.column - 1, f.columns, f.header), failure.why);
      if (fields.length !== f.columns.length) {
        const sep = f.separator === "csv" ? "commas" : JSON.stringify(f.separator);
        const p = fieldCountProblem(fields.length, f.columns, f.header, `expected ${f.columns.length} fields separated by ${sep} (like "${f.example}"), found ${fields.length}`);
        return bad.report(path, n, text, p.column, p.problem);
      }
      const p = onRow(fields, at);
      if (p) bad.report(path, n, text, p.column, p.problem);
    },
  );
}

/**
 * Reads an int32 field for a row parser: the number, or the problem naming its column.
 * @example const id = intAt(fields, 0, at); if (typeof id !== "number") return id;
 */
export function intAt(fields: string[], k: number, at: ColumnProblem): number | Problem {
  return intField(fields[k]!) ?? at(k, intProblem(fields[k]!));
}
