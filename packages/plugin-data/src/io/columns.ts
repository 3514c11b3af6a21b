/**
 * How a data error names its column — by name where the file has a header, by position (with
 * what the format calls it) where it has none — and the header check for files that have one.
 */
import { InputError } from "@shortlist/runner";
import { printable, quoted } from "./echo.ts";

/** A bad field: which column (a columnLabel) and what is wrong with it. */
export interface Problem {
  column: string;
  problem: string;
}

/**
 * The column a problem is in: `column "rating"` for headed files, `column 3 (rating)` otherwise.
 * @example columnLabel(2, ["user id", "item id", "rating"], false) // "column 3 (rating)"
 */
export function columnLabel(at: number, names: readonly string[], named: boolean): string {
  const name = names[at];
  if (named && name !== undefined) return `column ${quoted(name)}`;
  return name === undefined ? `column ${at + 1}` : `column ${at + 1} (${name})`;
}

/**
 * What a wrong field count means, said by column: the first missing one, or the first extra one.
 * @example fieldCountProblem(3, ["user id", "item id", "rating", "timestamp"], false, "found 3") // { column: "column 4 (timestamp)", problem: "missing (found 3)" }
 */
export function fieldCountProblem(found: number, names: readonly string[], named: boolean, detail: string): Problem {
  if (found < names.length) return { column: columnLabel(found, names, named), problem: `missing (${detail})` };
  return { column: `column ${names.length + 1}`, problem: `one column too many (${detail})` };
}

/**
 * Throws unless the header line holds exactly `expected` (a renamed or missing column means the
 * file is not what the reader takes it for, so no row of it can be trusted: onBadRow: skip does not apply).
 * `line` is the header's line number (1 unless blank lines come first).
 * @example checkHeader("/data/ratings.csv", 1, text, text.split(","), ["userId", "movieId", "rating", "timestamp"])
 */
export function checkHeader(path: string, line: number, text: string, found: readonly string[], expected: readonly string[]): void {
  const want = `the header must be ${expected.join(",")}`;
  for (let k = 0; k < expected.length; k++) {
    const got = found[k]?.trim();
    if (got === expected[k]) continue;
    const problem = got === undefined ? `is missing, expected ${quoted(expected[k]!)}` : `is ${quoted(got)}, expected ${quoted(expected[k]!)}`;
    throw new InputError(path, line, printable(text), `column ${k + 1} ${problem} (${want})`);
  }
  if (found.length > expected.length) {
    throw new InputError(path, line, printable(text), `column ${expected.length + 1} ${quoted(found[expected.length]!.trim())} is not expected (${want})`);
  }
}
