/**
 * A history table grouped by user, each user's distinct items most recent first (by timestamp,
 * later rows first on equal times; by row order when there is no timestamp column).
 */
import type { Table } from "@shortlist/runner";
import { groupRows, intIds, rowTimes, type DenseIds } from "@shortlist/runner/recsys";

export interface UserHistory {
  /** Dense user d's items (dense ids, most recent first, distinct) are items[start[d] .. start[d+1]). */
  start: Int32Array;
  items: Int32Array;
}

/**
 * Groups `t` by dense user (`users` and `items` must hold every id of t).
 * @example
 * const h = userHistory(train, "split.train", users, items);
 */
export function userHistory(t: Table, artifact: string, users: DenseIds, items: DenseIds): UserHistory {
  const nUsers = users.values.length;
  const nItems = items.values.length;
  const di = items.map(intIds(t, "item", artifact));
  const time = rowTimes(t, artifact);
  const { start: rowStart, rows } = groupRows(users.map(intIds(t, "user", artifact)), nUsers);
  const start = new Int32Array(nUsers + 1);
  const ordered = new Int32Array(di.length);
  const seen = new Int32Array(nItems).fill(-1);
  let n = 0;
  for (let d = 0; d < nUsers; d++) {
    const own = Int32Array.from(rows.subarray(rowStart[d]!, rowStart[d + 1]!));
    own.sort((a, b) => time[b]! - time[a]! || b - a);
    for (const r of own) {
      const j = di[r]!;
      if (seen[j] === d) continue;
      seen[j] = d;
      ordered[n++] = j;
    }
    start[d + 1] = n;
  }
  return { start, items: ordered.slice(0, n) };
}
