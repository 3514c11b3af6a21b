/**
 * Optional `users` and `items` tables, looked up by raw id: item genres (parsed once into dense
 * genre ids) and any extra user columns (demographics), which become categorical features.
 */
import { column, UserError, type Column, type Table } from "@shortlist/runner";

export interface ItemInfo {
  /** Raw item id → row in the items table. */
  rowOf: Map<number, number>;
  title: string[];
  genres: string[];
  year: Int32Array;
  /** Distinct genre names in first-seen order; genre id = index. */
  genreNames: string[];
  /** Items-table row r has genre ids genreIds[genreStart[r] .. genreStart[r+1]). */
  genreStart: Int32Array;
  genreIds: Int32Array;
}

/** @example const info = readItems(await ctx.table("items"), "items") */
export function readItems(t: Table | undefined, name: string): ItemInfo {
  if (!t) return { rowOf: new Map(), title: [], genres: [], year: new Int32Array(0), genreNames: [], genreStart: new Int32Array(1), genreIds: new Int32Array(0) };
  const item = column(t, "item", name);
  if (Array.isArray(item)) throw new UserError(`${name}.item holds strings; expected integer ids`);
  const str = (c: string): string[] => {
    const col = t.columns[c];
    if (!col) return new Array<string>(t.length).fill("");
    return Array.isArray(col) ? col : Array.from(col, String);
  };
  const genres = str("genres");
  const yearCol = t.columns.year;
  const year = !yearCol || Array.isArray(yearCol) ? new Int32Array(t.length) : Int32Array.from(yearCol);
  const rowOf = firstRowOf(item);
  const genreNames: string[] = [];
  const genreIdOf = new Map<string, number>();
  const genreStart = new Int32Array(t.length + 1);
  const ids: number[] = [];
  for (let r = 0; r < t.length; r++) {
    for (const g of genres[r]!.split("|")) {
      if (g === "") continue;
      let id = genreIdOf.get(g);
      if (id === undefined) genreIdOf.set(g, (id = genreNames.push(g) - 1));
      ids.push(id);
    }
    genreStart[r + 1] = ids.length;
  }
  return { rowOf, title: str("title"), genres, year, genreNames, genreStart, genreIds: Int32Array.from(ids) };
}

export interface UserInfo {
  rowOf: Map<number, number>;
  /** Extra columns (everything but `user`), each a categorical feature. */
  columns: Record<string, Column>;
}

/** @example const info = readUsers(await ctx.table("users"), "users") */
export function readUsers(t: Table | undefined, name: string): UserInfo {
  if (!t) return { rowOf: new Map(), columns: {} };
  const user = column(t, "user", name);
  if (Array.isArray(user)) throw new UserError(`${name}.user holds strings; expected integer ids`);
  const rowOf = firstRowOf(user);
  const columns = Object.fromEntries(Object.entries(t.columns).filter(([k]) => k !== "user"));
  return { rowOf, columns };
}

/** Raw id → the first row holding it (a side table listing an id twice keeps its first row). */
function firstRowOf(ids: ArrayLike<number>): Map<number, number> {
  const rowOf = new Map<number, number>();
  for (let r = 0; r < ids.length; r++) if (!rowOf.has(ids[r]!)) rowOf.set(ids[r]!, r);
  return rowOf;
}
