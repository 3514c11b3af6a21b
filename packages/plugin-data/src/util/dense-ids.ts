/**
 * Maps raw integer ids (as in the source: any int32) to dense indices 0..n-1 in ascending raw-id
 * order, so per-user and per-item work can use flat typed arrays instead of Maps.
 */

export interface DenseIds {
  /** Dense index → raw id, ascending. */
  ids: Int32Array;
  /** Row → dense index of that row's id. */
  index: Int32Array;
  /** Raw id → dense index, or -1 when the id is not present. */
  lookup(raw: number): number;
}

// A direct table beats sorting when the id range is not much wider than the data (MovieLens,
// synthetic ids 1..n); sparse ranges (hashed ids) fall back to sort + binary search.
const DIRECT_RANGE_SLACK = 4;
const DIRECT_RANGE_MIN = 1 << 20;

/**
 * @example
 * const d = denseIds(new Int32Array([30, 10, 30]));
 * d.ids   // Int32Array [10, 30]
 * d.index // Int32Array [1, 0, 1]
 * d.lookup(30) // 1; d.lookup(99) // -1
 */
export function denseIds(raw: Int32Array): DenseIds {
  const n = raw.length;
  if (n === 0) return { ids: new Int32Array(0), index: new Int32Array(0), lookup: () => -1 };
  let min = raw[0]!;
  let max = raw[0]!;
  for (let i = 1; i < n; i++) {
    const v = raw[i]!;
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  const range = max - min + 1;
  if (range <= Math.max(DIRECT_RANGE_MIN, DIRECT_RANGE_SLACK * n)) return direct(raw, min, range);
  return sorted(raw);
}

function direct(raw: Int32Array, min: number, range: number): DenseIds {
  const table = new Int32Array(range).fill(-1);
  for (let i = 0; i < raw.length; i++) table[raw[i]! - min] = 0;
  let next = 0;
  for (let v = 0; v < range; v++) if (table[v] === 0) table[v] = next++;
  const ids = new Int32Array(next);
  for (let v = 0; v < range; v++) if (table[v]! >= 0) ids[table[v]!] = v + min;
  const index = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) index[i] = table[raw[i]! - min]!;
  return { ids, index, lookup: (r) => (r >= min && r - min < range ? table[r - min]! : -1) };
}

/**
 * The distinct values of `raw`, ascending (a copy; `raw` is left as it is).
 * @example distinctSorted(new Int32Array([30, 10, 30])) // Int32Array [10, 30]
 */
export function distinctSorted(raw: Int32Array): Int32Array {
  const all = raw.slice().sort();
  let u = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[u++] = all[i]!;
  return all.slice(0, u);
}

function sorted(raw: Int32Array): DenseIds {
  const ids = distinctSorted(raw);
  const lookup = (r: number): number => {
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid]!;
      if (v === r) return mid;
      if (v < r) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  const index = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) index[i] = lookup(raw[i]!);
  return { ids, index, lookup };
}
