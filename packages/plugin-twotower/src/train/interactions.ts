/**
 * Training interactions over dense ids, as both stages of this package learn from them: the
 * (user, item) rows, each user's rows in time order (for histories), and the user×item matrix of
 * what each user has already seen (excluded from ranking). Other splits map onto the same ids;
 * their users or items unknown to training cannot be scored and are dropped.
 */
import type { Csr } from "@shortlist/core-gpu";
import { UserError, type Table } from "@shortlist/runner";
import { denseIds, groupRows, intIds, rowTimes, userItemMatrix } from "@shortlist/runner/recsys";

export interface Interactions {
  /** Raw id of each dense user / item, ascending. */
  users: Int32Array;
  items: Int32Array;
  /** Dense user and item of every training row. */
  user: Int32Array;
  item: Int32Array;
  /** User u's rows, oldest first: byUser.rows[byUser.start[u] .. byUser.start[u+1]). */
  byUser: { start: Int32Array; rows: Int32Array };
  /** Distinct training items of every user (sorted), the exclusion matrix of ranking. */
  seen: Csr;
}

/**
 * Reads a training table `{ user, item, timestamp? }`; an empty one is a UserError naming `stage`.
 * @example
 * const ix = readInteractions(await ctx.table("split.train"), "split.train", "recall.simplex");
 */
export function readInteractions(t: Table, artifact: string, stage: string): Interactions {
  const rawUser = intIds(t, "user", artifact);
  const rawItem = intIds(t, "item", artifact);
  if (rawUser.length === 0) throw new UserError(`${stage}: ${artifact} has no rows; expected the training interactions { user, item, … } (check the split that data.features wrote)`);
  const time = rowTimes(t, artifact);
  const u = denseIds(rawUser);
  const i = denseIds(rawItem);
  const user = u.map(rawUser);
  const item = i.map(rawItem);
  const grouped = groupRows(user, u.values.length);
  // Oldest first within each user; equal times keep row order.
  for (let d = 0; d < u.values.length; d++) grouped.rows.subarray(grouped.start[d]!, grouped.start[d + 1]!).sort((a, b) => time[a]! - time[b]! || a - b);
  const { x } = userItemMatrix(t, artifact);
  return { users: u.values, items: i.values, user, item, byUser: grouped, seen: x };
}

/** Raw → dense lookup for ids of another split (−1 when training never saw the id). */
export function lookup(values: Int32Array): (raw: number) => number {
  const m = new Map<number, number>();
  values.forEach((v, d) => m.set(v, d));
  return (raw) => m.get(raw) ?? -1;
}

/**
 * Another split's (user, item) pairs as a dense user×item CSR over the training ids; rows whose
 * user or item training never saw are left out (they can be neither scored nor excluded).
 * @example
 * const truth = splitMatrix(await ctx.table("split.valid"), "split.valid", ix);
 */
export function splitMatrix(t: Table, artifact: string, ix: Pick<Interactions, "users" | "items">): Csr {
  const us = intIds(t, "user", artifact);
  const is = intIds(t, "item", artifact);
  const [uOf, iOf] = [lookup(ix.users), lookup(ix.items)];
  const lists: number[][] = Array.from({ length: ix.users.length }, () => []);
  for (let r = 0; r < us.length; r++) {
    const [u, i] = [uOf(us[r]!), iOf(is[r]!)];
    if (u >= 0 && i >= 0) lists[u]!.push(i);
  }
  return csrOf(lists, ix.items.length);
}

/**
 * The union of CSRs of one shape (training items plus the `exclude` splits).
 * @example const exclude = unionCsr([ix.seen, splitMatrix(valid, "split.valid", ix)]);
 */
export function unionCsr(parts: readonly Csr[]): Csr {
  const first = parts[0]!;
  if (parts.length === 1) return first;
  const lists = Array.from({ length: first.rows }, (_, u) => parts.flatMap((p) => Array.from(p.indices.subarray(p.indptr[u]!, p.indptr[u + 1]!))));
  return csrOf(lists, first.cols);
}

/** Rows of ids → CSR with sorted unique columns. */
function csrOf(lists: number[][], cols: number): Csr {
  const indptr = new Int32Array(lists.length + 1);
  const rows = lists.map((l) => Int32Array.from(new Set(l)).sort());
  rows.forEach((r, u) => (indptr[u + 1] = indptr[u]! + r.length));
  const indices = new Int32Array(indptr[lists.length]!);
  rows.forEach((r, u) => indices.set(r, indptr[u]!));
  return { rows: lists.length, cols, indptr, indices };
}

/**
 * Distinct items of each (known) user in another split, including items training never saw:
 * the recall denominator, as eval.recs counts it.
 * @example const counts = relevantCounts(valid, "split.valid", ix); // counts[u]
 */
export function relevantCounts(t: Table, artifact: string, ix: Pick<Interactions, "users">): Int32Array {
  const us = intIds(t, "user", artifact);
  const is = intIds(t, "item", artifact);
  const uOf = lookup(ix.users);
  const seen = new Set<string>();
  const counts = new Int32Array(ix.users.length);
  for (let r = 0; r < us.length; r++) {
    const u = uOf(us[r]!);
    const key = `${us[r]} ${is[r]}`;
    if (u < 0 || seen.has(key)) continue;
    seen.add(key);
    counts[u]!++;
  }
  return counts;
}
