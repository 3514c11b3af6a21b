/**
 * A history table grouped by user, each user's distinct items most recent first (by timestamp,
 * later rows first on equal times; by row order when there is no timestamp column).
 */
import { intIds, UserError, type DenseIds, type Table } from "@shortlist/runner";

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
  const du = users.map(intIds(t, "user", artifact));
  const di = items.map(intIds(t, "item", artifact));
  const ts = t.columns.timestamp;
  if (Array.isArray(ts)) throw new UserError(`${artifact}.timestamp holds strings; expected numbers (seconds or any increasing time)`);
  const rowStart = new Int32Array(nUsers + 1);
  for (const d of du) rowStart[d + 1]!++;
  for (let d = 0; d < nUsers; d++) rowStart[d + 1]! += rowStart[d]!;
  const fill = rowStart.slice(0, nUsers);
  const rows = new Int32Array(du.length);
  for (let r = 0; r < du.length; r++) rows[fill[du[r]!]!++] = r;
  const start = new Int32Array(nUsers + 1);
  const ordered = new Int32Array(du.length);
  const seen = new Int32Array(nItems).fill(-1);
  let n = 0;
  for (let d = 0; d < nUsers; d++) {
    const own = Int32Array.from(rows.subarray(rowStart[d]!, rowStart[d + 1]!));
    own.sort(ts ? (a, b) => ts[b]! - ts[a]! || b - a : (a, b) => b - a);
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
