/**
 * Dense statistics from the TRAIN split only: per user, item and genre the row count, the mean
 * rating and the share of ratings at or above `highAt`. Nothing here reads a valid or test row.
 */
import type { Indexed } from "./interactions.ts";
import type { ItemInfo } from "./side-tables.ts";
import { TRAIN } from "./split.ts";

export interface Stat {
  count: Int32Array;
  sum: Float64Array;
  high: Int32Array;
}

export interface TrainStats {
  user: Stat;
  item: Stat;
  genre: Stat;
  /** Dense item → its genre ids (from the items table), as rows genreStart/genreIds of that table. */
  itemRow: Int32Array;
}

const stat = (n: number): Stat => ({ count: new Int32Array(n), sum: new Float64Array(n), high: new Int32Array(n) });

/** @example trainStats(it, split, items, 4).item.count[j] // training rows of dense item j */
export function trainStats(it: Indexed, split: Uint8Array, items: ItemInfo, highAt: number): TrainStats {
  const s: TrainStats = {
    user: stat(it.users.ids.length),
    item: stat(it.items.ids.length),
    genre: stat(items.genreNames.length),
    itemRow: Int32Array.from(it.items.ids, (id) => items.rowOf.get(id) ?? -1),
  };
  for (let i = 0; i < it.n; i++) {
    if (split[i] !== TRAIN) continue;
    const r = it.rating[i]!;
    const h = r >= highAt ? 1 : 0;
    add(s.user, it.users.index[i]!, r, h);
    const j = it.items.index[i]!;
    add(s.item, j, r, h);
    const row = s.itemRow[j]!;
    if (row < 0) continue;
    for (let g = items.genreStart[row]!; g < items.genreStart[row + 1]!; g++) add(s.genre, items.genreIds[g]!, r, h);
  }
  return s;
}

function add(s: Stat, k: number, r: number, h: number): void {
  s.count[k]!++;
  s.sum[k]! += r;
  s.high[k]! += h;
}

/**
 * Mean rating of entry k (0 when it has no training rows).
 * @example meanOf(stats.user, u) // 4.5
 */
export function meanOf(s: Stat, k: number): number {
  return s.count[k]! > 0 ? s.sum[k]! / s.count[k]! : 0;
}
/**
 * Share of entry k's training ratings at or above highAt (0 without training rows).
 * @example highShareOf(stats.item, j) // 0.75
 */
export function highShareOf(s: Stat, k: number): number {
  return s.count[k]! > 0 ? s.high[k]! / s.count[k]! : 0;
}
