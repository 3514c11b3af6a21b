/**
 * Reads a MovieLens ratings file (user, item, rating, timestamp per line) into typed columns,
 * straight from bytes. Used for ML-1M/10M `ratings.dat` ("::"), ML-100K `u.data` (tab) and
 * ml-latest `ratings.csv` (comma, with a header line).
 */
import type { BadRows } from "../io/bad-rows.ts";
import { checkHeader, columnLabel, fieldCountProblem, type Problem } from "../io/columns.ts";
import { quoted } from "../io/echo.ts";
import { parseFloatBytes, parseIntBytes, separatorBytes, splitFields } from "../io/fields.ts";
import { scanLines } from "../io/line-scanner.ts";
import { isBlank } from "../io/text-file.ts";
import { intProblem } from "../io/value-problems.ts";
import { growFloat32, growInt32 } from "../util/growable.ts";

export interface Ratings {
  user: Int32Array;
  item: Int32Array;
  rating: Float32Array;
  timestamp: Int32Array;
}

export interface RatingsFormat {
  separator: string;
  /** The file starts with a header line (ml-latest CSV), which must hold `columns` exactly. */
  header: boolean;
  /** What a line looks like, for error messages. */
  example: string;
  /** The four columns' names: the header's for CSV, descriptions for the headerless files. */
  columns?: readonly string[];
  /** Ids that may appear (from users.dat / movies.dat); others are bad lines. */
  knownUsers?: ReadonlySet<number>;
  knownItems?: ReadonlySet<number>;
  /** Names for messages: "users.dat", "movies.dat". */
  usersFile?: string;
  itemsFile?: string;
}

const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder();
const UNNAMED = ["user id", "item id", "rating", "timestamp"];

/**
 * `path` is named as given in every error, with the line and the column.
 * @example readRatings("/data/ml-100k/u.data", { separator: "\t", header: false, example: "196\t242\t3\t881250949" }, bad)
 */
export function readRatings(path: string, f: RatingsFormat, bad: BadRows): Ratings {
  const names = f.columns ?? UNNAMED;
  const sep = separatorBytes(f.separator);
  const starts = new Int32Array(4);
  const ends = new Int32Array(4);
  const user = growInt32(1 << 16);
  const item = growInt32(1 << 16);
  const rating = growFloat32(1 << 16);
  const timestamp = growInt32(1 << 16);
  const col = (k: number, problem: string): Problem => ({ column: columnLabel(k, names, f.header), problem });
  const problemOf = (buf: Uint8Array, s: number, e: number): Problem | null => {
    const count = splitFields(buf, s, e, sep, starts, ends);
    if (count !== 4) return fieldCountProblem(count, names, f.header, `expected 4 fields separated by ${JSON.stringify(f.separator)} (like "${f.example}"), found ${count}`);
    const u = parseIntBytes(buf, starts[0]!, ends[0]!);
    const i = parseIntBytes(buf, starts[1]!, ends[1]!);
    const r = parseFloatBytes(buf, starts[2]!, ends[2]!);
    const t = parseIntBytes(buf, starts[3]!, ends[3]!);
    const text = (k: number) => latin1.decode(buf.subarray(starts[k]!, ends[k]!));
    if (Number.isNaN(u)) return col(0, intProblem(text(0)));
    if (Number.isNaN(i)) return col(1, intProblem(text(1)));
    if (Number.isNaN(r)) return col(2, `${quoted(text(2))} is not a number`);
    if (Number.isNaN(t)) return col(3, `${intProblem(text(3))} (unix seconds)`);
    if (f.knownUsers && !f.knownUsers.has(u)) return col(0, `user ${u} is not in ${f.usersFile ?? "the users file"}`);
    if (f.knownItems && !f.knownItems.has(i)) return col(1, `item ${i} is not in ${f.itemsFile ?? "the items file"}`);
    user.push(u);
    item.push(i);
    rating.push(r);
    timestamp.push(t);
    return null;
  };
  let headerSeen = !f.header;
  scanLines(path, (buf, s, e, n) => {
    if (isBlank(buf, s, e)) return;
    if (!headerSeen) {
      headerSeen = true;
      const text = utf8.decode(buf.subarray(s, e));
      return checkHeader(path, n, text, text.split(f.separator), names);
    }
    const p = problemOf(buf, s, e);
    if (p) bad.report(path, n, latin1.decode(buf.subarray(s, e)), p.column, p.problem);
  });
  return { user: user.toArray(), item: item.toArray(), rating: rating.toArray(), timestamp: timestamp.toArray() };
}
