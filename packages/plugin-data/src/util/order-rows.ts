/**
 * Orders rows by (user, timestamp, item, row) with stable counting / radix sorts — O(n), no
 * comparator calls, no per-row objects. This order is the tie-breaker every time-based split and
 * sequence feature uses: equal timestamps are broken by ascending item id, then by source row.
 */

export interface UserRuns {
  /** Row indices in (user, time, item, row) order. */
  order: Int32Array;
  /** User u's rows are order[start[u] .. start[u+1]). */
  start: Int32Array;
}

/**
 * @param userIdx dense user index per row, 0..users-1
 * @param itemIdx dense item index per row, 0..items-1
 * @example
 * orderByUserTime(new Int32Array([1, 0, 1]), 2, new Int32Array([5, 5, 3]), new Int32Array([0, 1, 0]), 2)
 * // order [1, 2, 0] (user 0's row, then user 1's rows by time), start [0, 1, 3]
 */
export function orderByUserTime(userIdx: Int32Array, users: number, timestamp: Int32Array, itemIdx: Int32Array, items: number): UserRuns {
  const n = userIdx.length;
  let a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  let b = new Int32Array(n);
  // Least significant key first; each pass is stable, so earlier keys break later ties.
  countingPass(a, b, itemIdx, items);
  [a, b] = [b, a];
  countingPass(a, b, timestamp, 0x10000, (t) => (t ^ 0x80000000) & 0xffff);
  [a, b] = [b, a];
  countingPass(a, b, timestamp, 0x10000, (t) => (t ^ 0x80000000) >>> 16);
  [a, b] = [b, a];
  const start = countingPass(a, b, userIdx, users);
  return { order: b, start };
}

/** Stable counting sort of `src` (row ids) into `dst` by key(values[row]); returns bucket starts. */
function countingPass(src: Int32Array, dst: Int32Array, values: Int32Array, buckets: number, key?: (v: number) => number): Int32Array {
  const start = new Int32Array(buckets + 1);
  const n = src.length;
  if (key) for (let j = 0; j < n; j++) start[key(values[src[j]!]!) + 1]!++;
  else for (let j = 0; j < n; j++) start[values[src[j]!]! + 1]!++;
  for (let k = 0; k < buckets; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, buckets);
  if (key)
    for (let j = 0; j < n; j++) {
      const r = src[j]!;
      dst[fill[key(values[r]!)]!++] = r;
    }
  else
    for (let j = 0; j < n; j++) {
      const r = src[j]!;
      dst[fill[values[r]!]!++] = r;
    }
  return start;
}
