/** User and item statistics of the training history, joined onto candidate rows. */
import { UserError, type Column, type Table } from "@shortlist/runner";
import { intIds } from "@shortlist/runner/recsys";

const DAY = 86_400;

/**
 * Columns for each candidate (user, item): user_count, user_mean_rating, user_pop (mean
 * log(1 + training count) of the user's items: how mainstream the user is), item_count,
 * item_mean_rating, pop_gap = log(1 + item_count) − user_pop, and time_gap = the user's mean
 * training time − the item's, in days (users rate in sessions, and items they meet are those
 * being rated around then). Mean ratings are left out when the history has no rating column,
 * time_gap when it has no timestamp column; a user or item absent from the history gets count 0
 * and NaN means. Only `history` is read, so nothing held out can enter.
 * @example
 * historyStats(train, "split.train", cands.user, cands.item).item_count // Float32Array of training counts
 */
export function historyStats(history: Table, artifact: string, user: Int32Array, item: Int32Array): Record<string, Column> {
  const hu = intIds(history, "user", artifact);
  const hi = intIds(history, "item", artifact);
  const ratingCol = history.columns.rating;
  const timeCol = history.columns.timestamp;
  if (Array.isArray(ratingCol)) throw new UserError(`rank.candidates: ${artifact}.rating holds strings; expected numbers`);
  if (Array.isArray(timeCol)) throw new UserError(`rank.candidates: ${artifact}.timestamp holds strings; expected numbers (seconds)`);
  const itemTime = new Map<number, number>();
  const userTime = new Map<number, number>();
  const itemN = new Map<number, number>();
  const itemSum = new Map<number, number>();
  for (let r = 0; r < hi.length; r++) {
    itemN.set(hi[r]!, (itemN.get(hi[r]!) ?? 0) + 1);
    if (ratingCol) itemSum.set(hi[r]!, (itemSum.get(hi[r]!) ?? 0) + ratingCol[r]!);
    if (timeCol) {
      itemTime.set(hi[r]!, (itemTime.get(hi[r]!) ?? 0) + timeCol[r]! / DAY);
      userTime.set(hu[r]!, (userTime.get(hu[r]!) ?? 0) + timeCol[r]! / DAY);
    }
  }
  const userN = new Map<number, number>();
  const userSum = new Map<number, number>();
  const userPop = new Map<number, number>();
  for (let r = 0; r < hu.length; r++) {
    userN.set(hu[r]!, (userN.get(hu[r]!) ?? 0) + 1);
    if (ratingCol) userSum.set(hu[r]!, (userSum.get(hu[r]!) ?? 0) + ratingCol[r]!);
    userPop.set(hu[r]!, (userPop.get(hu[r]!) ?? 0) + Math.log1p(itemN.get(hi[r]!)!));
  }
  const n = user.length;
  const out = {
    user_count: new Float32Array(n),
    user_mean_rating: new Float32Array(n),
    user_pop: new Float32Array(n),
    item_count: new Float32Array(n),
    item_mean_rating: new Float32Array(n),
    pop_gap: new Float32Array(n),
    time_gap: new Float32Array(n),
  };
  for (let r = 0; r < n; r++) {
    const un = userN.get(user[r]!) ?? 0;
    const inn = itemN.get(item[r]!) ?? 0;
    out.user_count[r] = un;
    out.user_mean_rating[r] = un > 0 && ratingCol ? userSum.get(user[r]!)! / un : NaN;
    out.user_pop[r] = un > 0 ? userPop.get(user[r]!)! / un : NaN;
    out.item_count[r] = inn;
    out.item_mean_rating[r] = inn > 0 && ratingCol ? itemSum.get(item[r]!)! / inn : NaN;
    out.pop_gap[r] = Math.log1p(inn) - out.user_pop[r]!;
    out.time_gap[r] = un > 0 && inn > 0 ? userTime.get(user[r]!)! / un - itemTime.get(item[r]!)! / inn : NaN;
  }
  const { user_mean_rating, item_mean_rating, time_gap, ...counts } = out;
  return { ...counts, ...(ratingCol ? { user_mean_rating, item_mean_rating } : {}), ...(timeCol ? { time_gap } : {}) };
}
