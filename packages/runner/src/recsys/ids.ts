/** Integer id columns and their dense renumbering (raw ids ascending → 0..n-1), shared by the recall plugins. */
import { column, type Table } from "../artifacts.ts";
import { UserError } from "../errors.ts";

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
 * The id columns of several tables end to end, for one dense numbering over all of them.
 * @example denseIds(concatIds([trainUsers, testUsers]))
 */
export function concatIds(parts: readonly Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
