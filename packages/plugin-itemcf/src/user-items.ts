/**
 * Interactions table → a binary user×item CSR over dense ids. Raw ids map to dense ones in
 * ascending order, so "lower dense id" and "lower raw id" agree and top-N ties resolve by raw id.
 */
import type { Csr } from "@shortlist/core-gpu";
import { column, UserError, type Table } from "@shortlist/runner";

export interface UserItems {
  /** Raw user id of each dense user (ascending). */
  users: Int32Array;
  /** Raw item id of each dense item (ascending). */
  items: Int32Array;
  /** Dense users × dense items; a (user, item) pair seen several times counts once. */
  x: Csr;
}

/**
 * Reads integer ids from a column, or explains what is wrong with it.
 * @example
 * intIds(table({ user: new Int32Array([3]) }), "user", "split.train"); // Int32Array [3]
 */
export function intIds(t: Table, name: string, artifact: string): Int32Array {
  let c;
  try {
    c = column(t, name, artifact);
  } catch (e) {
    throw new UserError(`${(e as Error).message}; expected an interactions table { user, item, … }`);
  }
  if (c instanceof Int32Array) return c;
  if (Array.isArray(c)) throw new UserError(`${artifact}.${name} holds strings; expected integer ids (map them with data.features first)`);
  const out = new Int32Array(c.length);
  for (let r = 0; r < c.length; r++) {
    const v = c[r]!;
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) throw new UserError(`${artifact}.${name} row ${r}: found ${v}, expected an integer id`);
    out[r] = v;
  }
  return out;
}

/** Raw ids renumbered 0..n−1 in ascending order. */
export interface DenseIds {
  /** values[d] is the raw id of dense id d (ascending). */
  values: Int32Array;
  /** The dense id of a raw id that occurs in the input. */
  index: (v: number) => number;
  /** Dense ids of a whole column of raw ids that occur in the input. */
  map: (raw: Int32Array) => Int32Array;
}

/**
 * Sorted distinct values with lookups from raw to dense ids.
 * @example
 * const d = denseIds(new Int32Array([30, 10, 30])); // d.values [10, 30]; d.index(30) === 1
 */
export function denseIds(raw: Int32Array): DenseIds {
  let lo = 0;
  let hi = -1;
  if (raw.length > 0) {
    lo = raw[0]!;
    hi = raw[0]!;
    for (let r = 1; r < raw.length; r++) {
      const v = raw[r]!;
      if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
  }
  const span = hi - lo + 1;
  if (span <= 4 * raw.length + 1_000_000) {
    // Compact id ranges (the usual case): a presence table turned into a direct lookup table.
    const table = new Int32Array(span);
    for (let r = 0; r < raw.length; r++) table[raw[r]! - lo] = 1;
    let n = 0;
    for (let k = 0; k < span; k++) if (table[k] !== 0) table[k] = ++n;
    const values = new Int32Array(n);
    for (let k = 0; k < span; k++) if (table[k] !== 0) values[--table[k]!] = k + lo;
    const map = (col: Int32Array) => {
      const out = new Int32Array(col.length);
      for (let r = 0; r < col.length; r++) out[r] = table[col[r]! - lo]!;
      return out;
    };
    return { values, index: (v) => table[v - lo]!, map };
  }
  const values = Int32Array.from(new Set(raw)).sort();
  const lookup = new Map<number, number>();
  values.forEach((v, i) => lookup.set(v, i));
  return { values, index: (v) => lookup.get(v)!, map: (col) => Int32Array.from(col, (v) => lookup.get(v)!) };
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
