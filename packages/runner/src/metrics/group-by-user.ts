/**
 * Groups long-form (user, item) rows into one list per user, keeping each user's rows in the
 * order given (or ordered by an explicit rank column), without per-row objects.
 */

export interface UserLists {
  /** Distinct users in first-seen order. */
  users: Int32Array;
  /** Row offsets: user j's items are items[start[j] .. start[j+1]). */
  start: Int32Array;
  items: Int32Array;
}

/**
 * Groups rows by user. Rows of one user need not be adjacent; within a user, rows keep their
 * relative order unless `rank` is given, in which case they are ordered by rank (stable).
 * @example
 * groupByUser(new Int32Array([7, 7, 3]), new Int32Array([1, 2, 9]))
 * // { users: [7, 3], start: [0, 2, 3], items: [1, 2, 9] }
 */
export function groupByUser(user: Int32Array, item: Int32Array, rank?: Int32Array): UserLists {
  const n = user.length;
  const slot = new Map<number, number>();
  const rowSlot = new Int32Array(n);
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = user[i]!;
    let s = slot.get(u);
    if (s === undefined) {
      s = counts.length;
      slot.set(u, s);
      counts.push(0);
    }
    rowSlot[i] = s;
    counts[s]!++;
  }
  const users = new Int32Array(counts.length);
  for (const [u, s] of slot) users[s] = u;
  const start = new Int32Array(counts.length + 1);
  for (let s = 0; s < counts.length; s++) start[s + 1] = start[s]! + counts[s]!;
  const fill = start.slice(0, counts.length);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[rowSlot[i]!]!++] = i;
  if (rank) sortRunsByRank(order, start, rank);
  const items = new Int32Array(n);
  for (let j = 0; j < n; j++) items[j] = item[order[j]!]!;
  return { users, start, items };
}

/** Orders each user's run of row indices by rank; runs already in order (the convention) cost one pass. */
function sortRunsByRank(order: Int32Array, start: Int32Array, rank: Int32Array): void {
  for (let s = 0; s + 1 < start.length; s++) {
    const a = start[s]!;
    const b = start[s + 1]!;
    let sorted = true;
    for (let j = a + 1; j < b && sorted; j++) sorted = rank[order[j - 1]!]! <= rank[order[j]!]!;
    if (sorted) continue;
    const run = Array.from(order.subarray(a, b));
    run.sort((x, y) => rank[x]! - rank[y]! || x - y);
    order.set(run, a);
  }
}
