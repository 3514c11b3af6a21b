/** Features from an i2i neighbour table: how the candidate relates to each item of the user's history. */
import { column, UserError, type Table } from "@shortlist/runner";
import { concatIds, denseIds, groupRows, intIds } from "@shortlist/runner/recsys";

/**
 * For each candidate (user, item): `<name>_max`, the highest similarity the i2i table gives the
 * item from any of the user's history items, and `<name>_votes`, how many history items list it
 * as a neighbour (0 / NaN when none). The recall score sums the similarities; these say whether
 * that sum comes from one close item or many loose ones, which a sum cannot.
 * @example
 * neighbourFeatures(i2iItemcf, "i2i.itemcf", "itemcf", train, "split.train", cands.user, cands.item)
 * // { itemcf_max: Float32Array, itemcf_votes: Float32Array }
 */
export function neighbourFeatures(i2i: Table, artifact: string, name: string, history: Table, historyName: string, user: Int32Array, item: Int32Array): Record<string, Float32Array> {
  const from = intIds(i2i, "item", artifact);
  const to = intIds(i2i, "neighbour", artifact);
  const score = column(i2i, "score", artifact);
  if (Array.isArray(score)) throw new UserError(`rank.candidates: ${artifact}.score holds strings; expected numbers`);
  const hu = intIds(history, "user", historyName);
  const hi = intIds(history, "item", historyName);
  const items = denseIds(concatIds([from, to, hi, item]));
  const lists = groupRows(items.map(from), items.values.length);
  const toDense = items.map(to);
  const users = denseIds(concatIds([hu, user]));
  const own = groupRows(users.map(hu), users.values.length);
  const hiDense = items.map(hi);
  const cands = groupRows(users.map(user), users.values.length);
  const itemDense = items.map(item);
  const max = new Float32Array(item.length).fill(NaN);
  const votes = new Float32Array(item.length);
  // Per user: mark its candidates, then walk the neighbour lists of its history items.
  const slot = new Int32Array(items.values.length).fill(-1);
  const stamp = new Int32Array(items.values.length).fill(-1);
  for (let d = 0; d < users.values.length; d++) {
    for (let p = cands.start[d]!; p < cands.start[d + 1]!; p++) {
      const r = cands.rows[p]!;
      stamp[itemDense[r]!] = d;
      slot[itemDense[r]!] = r;
    }
    for (let p = own.start[d]!; p < own.start[d + 1]!; p++) {
      const t = hiDense[own.rows[p]!]!;
      for (let q = lists.start[t]!; q < lists.start[t + 1]!; q++) {
        const e = lists.rows[q]!;
        const j = toDense[e]!;
        if (stamp[j] !== d) continue;
        const r = slot[j]!;
        votes[r]!++;
        if (!(max[r]! >= score[e]!)) max[r] = score[e]!;
      }
    }
  }
  return { [`${name}_max`]: max, [`${name}_votes`]: votes };
}
