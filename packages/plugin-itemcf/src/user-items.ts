/**
 * Interactions table → a binary user×item CSR over dense ids. Raw ids map to dense ones in
 * ascending order, so "lower dense id" and "lower raw id" agree and top-N ties resolve by raw id.
 */
import type { Csr } from "@shortlist/core-gpu";
import { denseIds, intIds, UserError, type Table } from "@shortlist/runner";

export interface UserItems {
  /** Raw user id of each dense user (ascending). */
  users: Int32Array;
  /** Raw item id of each dense item (ascending). */
  items: Int32Array;
  /** Dense users × dense items; a (user, item) pair seen several times counts once. */
  x: Csr;
}

/**
 * Builds the binary user×item matrix of an interactions table.
 * @example
 * const { users, items, x } = userItemMatrix(await ctx.table("split.train"), "split.train");
 */
export function userItemMatrix(t: Table, artifact: string): UserItems {
  const user = intIds(t, "user", artifact);
  const item = intIds(t, "item", artifact);
  if (user.length === 0) throw new UserError(`${artifact} has no rows; expected interactions to learn item similarities from`);
  const u = denseIds(user);
  const it = denseIds(item);
  const nUsers = u.values.length;
  const indptr = new Int32Array(nUsers + 1);
  const du = u.map(user);
  const di = it.map(item);
  for (const d of du) indptr[d + 1]!++;
  for (let r = 0; r < nUsers; r++) indptr[r + 1]! += indptr[r]!;
  const fill = indptr.slice(0, nUsers);
  const cols = new Int32Array(user.length);
  for (let r = 0; r < user.length; r++) cols[fill[du[r]!]!++] = di[r]!;
  // Sort each row and drop repeats in place, then compact.
  const out = new Int32Array(user.length);
  const outPtr = new Int32Array(nUsers + 1);
  let n = 0;
  for (let r = 0; r < nUsers; r++) {
    const row = cols.subarray(indptr[r]!, indptr[r + 1]!).sort();
    for (let p = 0; p < row.length; p++) if (p === 0 || row[p] !== row[p - 1]) out[n++] = row[p]!;
    outPtr[r + 1] = n;
  }
  return { users: u.values, items: it.values, x: { rows: nUsers, cols: it.values.length, indptr: outPtr, indices: out.slice(0, n) } };
}
