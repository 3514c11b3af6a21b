/**
 * Group AUC: the per-user AUC averaged with each user weighted by their number of samples
 * (impressions), over users that have both a positive and a negative sample — users with one class
 * only have no AUC and are left out (Zhou et al., "Deep Interest Network", KDD 2018, eq. 5).
 */
import { auc } from "./auc.ts";
import { groupByUser } from "./group-by-user.ts";

export interface GaucResult {
  gauc: number;
  /** Users that had both classes and so entered the mean. */
  users: number;
}

/**
 * @example
 * gauc(new Int32Array([1, 1, 2, 2]), new Float32Array([1, 0, 1, 0]), new Float32Array([0.9, 0.1, 0.2, 0.8]))
 * // { gauc: 0.5, users: 2 }: user 1 has AUC 1, user 2 AUC 0, equal weights
 */
export function gauc(user: Int32Array, labels: ArrayLike<number>, scores: ArrayLike<number>): GaucResult {
  const n = user.length;
  if (labels.length !== n || scores.length !== n) throw new Error(`gauc: ${n} users, ${labels.length} labels, ${scores.length} scores`);
  const rowIds = new Int32Array(n);
  for (let i = 0; i < n; i++) rowIds[i] = i;
  // Group row indices by user (the "items" of the grouping are the row ids).
  const g = groupByUser(user, rowIds);
  let weighted = 0;
  let weight = 0;
  let users = 0;
  for (let j = 0; j < g.users.length; j++) {
    const rows = g.items.subarray(g.start[j]!, g.start[j + 1]!);
    const a = auc(labels, scores, rows);
    if (Number.isNaN(a)) continue;
    weighted += a * rows.length;
    weight += rows.length;
    users++;
  }
  return { gauc: weight > 0 ? weighted / weight : NaN, users };
}
