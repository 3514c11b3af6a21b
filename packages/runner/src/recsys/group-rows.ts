/** Grouping a table's rows by a dense key, and the time order of rows: shared by the recall plugins. */
import type { Table } from "../artifacts.ts";
import { UserError } from "../errors.ts";

export interface GroupedRows {
  /** Group g's rows are rows[start[g] .. start[g+1]) (length groups + 1). */
  start: Int32Array;
  /** Row numbers, grouped by key and in row order within a group. */
  rows: Int32Array;
}

/**
 * Groups row numbers by a dense key in [0, groups), keeping row order within each group.
 * @example
 * const { start, rows } = groupRows(denseUser, nUsers); // user d's rows: rows.subarray(start[d], start[d + 1])
 */
export function groupRows(keys: ArrayLike<number>, groups: number): GroupedRows {
  const start = new Int32Array(groups + 1);
  for (let r = 0; r < keys.length; r++) start[keys[r]! + 1]!++;
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const fill = start.slice(0, groups);
  const rows = new Int32Array(keys.length);
  for (let r = 0; r < keys.length; r++) rows[fill[keys[r]!]!++] = r;
  return { start, rows };
}

/**
 * The time of every row: the `timestamp` column when there is one, else the row number (later
 * rows count as more recent). Sort by it descending, then by row descending, for "most recent first".
 * @example
 * const time = rowTimes(train, "split.train");
 * own.sort((a, b) => time[b]! - time[a]! || b - a);
 */
export function rowTimes(t: Table, artifact: string): ArrayLike<number> {
  const ts = t.columns.timestamp;
  if (!ts) return Int32Array.from({ length: t.length }, (_, r) => r);
  if (Array.isArray(ts)) throw new UserError(`${artifact}.timestamp holds strings; expected numbers (seconds or any increasing time)`);
  return ts;
}
