/** Columns of a user or item feature table joined onto candidate rows by id. */
import { UserError, type Table } from "@shortlist/runner";
import { intIds } from "@shortlist/runner/recsys";

/**
 * The values of `name` in `t` (keyed by its `key` column) as numbers: numbers as they are,
 * strings as codes 1, 2, … in sorted order ("" counts as missing → NaN).
 * @example
 * const v = keyedValues(features.item, "item", "features.item", "genre_code", "rank.candidates.itemColumns");
 * v.get(50) // the genre code of item 50
 */
export function keyedValues(t: Table, key: "user" | "item", artifact: string, name: string, optionPath: string): Map<number, number> {
  const ids = intIds(t, key, artifact);
  const col = t.columns[name];
  if (!col) {
    throw new UserError(`${optionPath}: ${artifact} has no column "${name}" (columns: ${Object.keys(t.columns).join(", ")}); name one of those or remove it`);
  }
  const out = new Map<number, number>();
  if (Array.isArray(col)) {
    const codes = new Map([...new Set(col)].filter((s) => s !== "").sort().map((s, i) => [s, i + 1]));
    for (let r = 0; r < ids.length; r++) out.set(ids[r]!, codes.get(col[r]!) ?? NaN);
  } else {
    for (let r = 0; r < ids.length; r++) out.set(ids[r]!, col[r]!);
  }
  return out;
}

/**
 * One joined column: the value of each row's id, NaN where the table has no row for it.
 * @example joinValues(keyedValues(...), cands.user) // Float32Array
 */
export function joinValues(values: Map<number, number>, ids: Int32Array): Float32Array {
  return Float32Array.from(ids, (id) => values.get(id) ?? NaN);
}

/**
 * `<column>_affinity`: for each candidate, the share of the user's history items whose value of
 * the item column equals the candidate's (how much of what the user watched is of this genre).
 * Items without a value match nothing; users without history get NaN.
 * @example affinity(genreOf, trainUser, trainItem, cands.user, cands.item) // Float32Array in [0, 1]
 */
export function affinity(values: Map<number, number>, historyUser: Int32Array, historyItem: Int32Array, user: Int32Array, item: Int32Array): Float32Array {
  const counts = new Map<number, Map<number, number>>();
  const totals = new Map<number, number>();
  for (let r = 0; r < historyUser.length; r++) {
    const u = historyUser[r]!;
    totals.set(u, (totals.get(u) ?? 0) + 1);
    const v = values.get(historyItem[r]!);
    if (v === undefined || Number.isNaN(v)) continue;
    let c = counts.get(u);
    if (!c) counts.set(u, (c = new Map()));
    c.set(v, (c.get(v) ?? 0) + 1);
  }
  return Float32Array.from(user, (u, r) => {
    const total = totals.get(u);
    if (!total) return NaN;
    const v = values.get(item[r]!);
    return v === undefined ? 0 : (counts.get(u)?.get(v) ?? 0) / total;
  });
}
