/**
 * Categorical vocabularies, counted over TRAIN rows: values by descending frequency, ties by
 * ascending value; code = position + 1, 0 = unknown (unseen in training). Saved as the `vocab`
 * json artifact so serving encodes exactly as training did.
 */
import type { Column } from "@shortlist/runner";
import type { Indexed } from "./interactions.ts";
import type { UserInfo } from "./side-tables.ts";
import { TRAIN } from "./split.ts";
import type { TrainStats } from "./stats.ts";

export interface Vocab {
  /** Column → values in code order (code = index + 1). */
  values: Record<string, (number | string)[]>;
  /** Codes per dense user / item / genre id, and per user for each demographic column. */
  userCode: Int32Array;
  itemCode: Int32Array;
  genreCode: Int32Array;
  demographicCode: Record<string, Int32Array>;
}

/**
 * Orders keys by count desc, then value asc (numbers numerically, strings by code unit), dropping zero counts.
 * @example byFrequency([30, 10, 20], [2, 2, 5]) // [2, 1, 0]: 20, then 10 and 30 by value
 */
export function byFrequency<V extends number | string>(values: readonly V[], counts: ArrayLike<number>): number[] {
  const keys: number[] = [];
  for (let k = 0; k < values.length; k++) if (counts[k]! > 0) keys.push(k);
  keys.sort((a, b) => counts[b]! - counts[a]! || (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0));
  return keys;
}

/** Codes for keys in `ordered` (1-based), 0 for everything else. */
function codes(n: number, ordered: number[]): Int32Array {
  const c = new Int32Array(n);
  ordered.forEach((k, pos) => (c[k] = pos + 1));
  return c;
}

/** @example buildVocab(it, split, stats, genreNames, users).values.item // raw item ids, most trained first */
export function buildVocab(it: Indexed, split: Uint8Array, stats: TrainStats, genreNames: string[], users: UserInfo): Vocab {
  const userIds = Array.from(it.users.ids);
  const itemIds = Array.from(it.items.ids);
  const userOrder = byFrequency(userIds, stats.user.count);
  const itemOrder = byFrequency(itemIds, stats.item.count);
  const genreOrder = byFrequency(genreNames, stats.genre.count);
  const values: Record<string, (number | string)[]> = {
    user: userOrder.map((k) => userIds[k]!),
    item: itemOrder.map((k) => itemIds[k]!),
    genre: genreOrder.map((k) => genreNames[k]!),
  };
  const demographicCode: Record<string, Int32Array> = {};
  for (const [name, col] of Object.entries(users.columns)) {
    const d = demographic(it, split, users, col);
    values[name] = d.values;
    demographicCode[name] = d.codeOfUser;
  }
  return {
    values,
    userCode: codes(userIds.length, userOrder),
    itemCode: codes(itemIds.length, itemOrder),
    genreCode: codes(genreNames.length, genreOrder),
    demographicCode,
  };
}

/** A users-table column as a vocabulary counted over training rows, and each dense user's code. */
function demographic(it: Indexed, split: Uint8Array, users: UserInfo, col: Column) {
  const U = it.users.ids.length;
  const raw: (number | string)[] = [];
  const slotOf = new Map<number | string, number>();
  const slotOfUser = new Int32Array(U).fill(-1);
  for (let u = 0; u < U; u++) {
    const row = users.rowOf.get(it.users.ids[u]!);
    if (row === undefined) continue;
    const v = col[row]!;
    let s = slotOf.get(v);
    if (s === undefined) slotOf.set(v, (s = raw.push(v) - 1));
    slotOfUser[u] = s;
  }
  const counts = new Int32Array(raw.length);
  for (let i = 0; i < it.n; i++) {
    if (split[i] !== TRAIN) continue;
    const s = slotOfUser[it.users.index[i]!]!;
    if (s >= 0) counts[s]!++;
  }
  const order = byFrequency(raw, counts);
  const codeOfSlot = codes(raw.length, order);
  return {
    values: order.map((k) => raw[k]!),
    codeOfUser: Int32Array.from(slotOfUser, (s) => (s >= 0 ? codeOfSlot[s]! : 0)),
  };
}
