/**
 * The interactions data.features works on: typed columns (converted once if the producer used
 * other numeric types), optionally filtered, with dense user and item indices.
 */
import { column, UserError, type Table } from "@shortlist/runner";
import { denseIds, type DenseIds } from "../util/dense-ids.ts";

export interface Interactions {
  n: number;
  user: Int32Array;
  item: Int32Array;
  rating: Float32Array;
  timestamp: Int32Array;
}

export interface Indexed extends Interactions {
  users: DenseIds;
  items: DenseIds;
}

/**
 * Reads the four columns of an interactions-shaped table, naming any missing or string column.
 * @example const it = readInteractions(await ctx.table("interactions"), "interactions")
 */
export function readInteractions(t: Table, name: string): Interactions {
  const num = (col: string) => {
    const c = column(t, col, name);
    if (Array.isArray(c)) throw new UserError(`${name}.${col} holds strings; data.features needs numbers`);
    return c;
  };
  const asInt = (col: string) => {
    const c = num(col);
    return c instanceof Int32Array ? c : Int32Array.from(c);
  };
  const r = num("rating");
  return { n: t.length, user: asInt("user"), item: asInt("item"), rating: r instanceof Float32Array ? r : Float32Array.from(r), timestamp: asInt("timestamp") };
}

/**
 * Keeps the rows whose mask is 1, in order.
 * @example compact(it, new Uint8Array([1, 0, 1])) // rows 0 and 2
 */
export function compact(it: Interactions, keep: Uint8Array): Interactions {
  let n = 0;
  for (let i = 0; i < it.n; i++) n += keep[i]!;
  if (n === it.n) return it;
  const out: Interactions = { n, user: new Int32Array(n), item: new Int32Array(n), rating: new Float32Array(n), timestamp: new Int32Array(n) };
  for (let i = 0, j = 0; i < it.n; i++) {
    if (!keep[i]) continue;
    out.user[j] = it.user[i]!;
    out.item[j] = it.item[i]!;
    out.rating[j] = it.rating[i]!;
    out.timestamp[j] = it.timestamp[i]!;
    j++;
  }
  return out;
}

/** @example indexInteractions(it).users.ids // distinct raw user ids, ascending */
export function indexInteractions(it: Interactions): Indexed {
  return { ...it, users: denseIds(it.user), items: denseIds(it.item) };
}
