/**
 * Interactions table → the binary user×item CSR over dense ids that ItemCF and Swing learn from.
 * Raw ids map to dense ones in ascending order, so "lower dense id" and "lower raw id" agree and
 * top-N ties resolve by raw id. With a cap, each user keeps only their `maxItemsPerUser` most
 * recent distinct items (by timestamp, later rows first on equal times; by row order when the
 * table has no timestamp column).
 */
import type { Csr } from "@shortlist/core-gpu";
import type { Table } from "../artifacts.ts";
import { UserError } from "../errors.ts";
import { groupRows, rowTimes } from "./group-rows.ts";
import { denseIds, intIds } from "./ids.ts";

export interface UserItems {
  /** Raw id of each dense user (ascending). */
  users: Int32Array;
  /** Raw id of each dense item (ascending); items only in truncated rows keep an empty column. */
  items: Int32Array;
  x: Csr;
  /** Users whose lists were truncated by the cap. */
  truncated: number;
}

/**
 * Builds the user×item matrix (a pair seen several times counts once), optionally capped per user.
 * @example
 * const { users, items, x } = userItemMatrix(await ctx.table("split.train"), "split.train");
 * const capped = userItemMatrix(train, "split.train", 1000); // each user's 1,000 latest items
 */
export function userItemMatrix(t: Table, artifact: string, maxItemsPerUser = Infinity): UserItems {
  const user = intIds(t, "user", artifact);
  const item = intIds(t, "item", artifact);
  if (user.length === 0) throw new UserError(`${artifact} has no rows; expected interactions to learn item similarities from`);
  // Time only matters under a cap (uncapped, every distinct item is kept whatever its time).
  const time = Number.isFinite(maxItemsPerUser) ? rowTimes(t, artifact) : undefined;
  const u = denseIds(user);
  const it = denseIds(item);
  const nUsers = u.values.length;
  const di = it.map(item);
  const { start, rows } = groupRows(u.map(user), nUsers);

  const indptr = new Int32Array(nUsers + 1);
  const indices = new Int32Array(user.length);
  const seen = new Int32Array(it.values.length).fill(-1);
  let n = 0;
  let truncated = 0;
  for (let d = 0; d < nUsers; d++) {
    const own = rows.subarray(start[d]!, start[d + 1]!);
    // Most recent first: only needed when the user may exceed the cap.
    const ordered = time && own.length > maxItemsPerUser ? Int32Array.from(own).sort((a, b) => time[b]! - time[a]! || b - a) : own;
    const from = n;
    for (const r of ordered) {
      const j = di[r]!;
      if (seen[j] === d) continue;
      if (n - from === maxItemsPerUser) {
        truncated++;
        break;
      }
      seen[j] = d;
      indices[n++] = j;
    }
    indices.subarray(from, n).sort();
    indptr[d + 1] = n;
  }
  return { users: u.values, items: it.values, x: { rows: nUsers, cols: it.values.length, indptr, indices: indices.slice(0, n) }, truncated };
}
