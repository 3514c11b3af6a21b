/** Labels of candidate rows from a held-out table: did the user interact with the item there? */
import { UserError, type Table } from "@shortlist/runner";
import { intIds } from "@shortlist/runner/recsys";

/**
 * The (user → item → gain) pairs of `t`: gain 1, or the row's rating with `gain: "rating"`.
 * @example labelPairs(valid, "split.valid", "binary").get(7)?.get(50) // 1 when user 7 has item 50 in split.valid
 */
export function labelPairs(t: Table, artifact: string, gain: "binary" | "rating"): Map<number, Map<number, number>> {
  const user = intIds(t, "user", artifact);
  const item = intIds(t, "item", artifact);
  const rating = t.columns.rating;
  if (gain === "rating" && (!rating || Array.isArray(rating))) {
    throw new UserError(`rank.candidates.gain: "rating" needs a numeric rating column in ${artifact} (columns: ${Object.keys(t.columns).join(", ")}); use gain: binary`);
  }
  const out = new Map<number, Map<number, number>>();
  for (let r = 0; r < user.length; r++) {
    let items = out.get(user[r]!);
    if (!items) out.set(user[r]!, (items = new Map()));
    const g = gain === "rating" ? (rating as ArrayLike<number>)[r]! : 1;
    items.set(item[r]!, Math.max(items.get(item[r]!) ?? 0, g));
  }
  return out;
}

/**
 * The label column: each row's gain in `pairs`, 0 when the user does not have the item there.
 * @example labelColumn(pairs, cands.user, cands.item) // Float32Array of 0/1
 */
export function labelColumn(pairs: Map<number, Map<number, number>>, user: Int32Array, item: Int32Array): Float32Array {
  return Float32Array.from(user, (u, r) => pairs.get(u)?.get(item[r]!) ?? 0);
}
