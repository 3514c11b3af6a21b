/**
 * Each user's history for SimpleX's behaviour aggregation: the user's `cap` most recent distinct
 * training items (RecBole's history_item_matrix with max_history_len), kept as one ragged array so
 * a batch's bags are a copy of rows, never a padded [B, cap] matrix (padding is simply absent, so
 * the mean divides by the true length as RecBole's masked mean does).
 */
import type { Interactions } from "../train/interactions.ts";

export interface Histories {
  /** User u's items: ids[offsets[u] .. offsets[u+1]), oldest first. */
  offsets: Int32Array;
  ids: Int32Array;
}

/**
 * Builds every user's capped history from the training rows (oldest first per user).
 * @example
 * const h = buildHistories(ix, 50);
 */
export function buildHistories(ix: Pick<Interactions, "item" | "byUser">, cap: number): Histories {
  const nUsers = ix.byUser.start.length - 1;
  const lists: Int32Array[] = [];
  let total = 0;
  for (let u = 0; u < nUsers; u++) {
    const rows = ix.byUser.rows.subarray(ix.byUser.start[u]!, ix.byUser.start[u + 1]!);
    // Walk newest first, keep the first `cap` distinct items, then restore oldest-first order.
    const seen = new Set<number>();
    const kept: number[] = [];
    for (let r = rows.length - 1; r >= 0 && kept.length < cap; r--) {
      const item = ix.item[rows[r]!]!;
      if (seen.has(item)) continue;
      seen.add(item);
      kept.push(item);
    }
    lists.push(Int32Array.from(kept.reverse()));
    total += kept.length;
  }
  const offsets = new Int32Array(nUsers + 1);
  const ids = new Int32Array(total);
  lists.forEach((l, u) => {
    ids.set(l, offsets[u]!);
    offsets[u + 1] = offsets[u]! + l.length;
  });
  return { offsets, ids };
}

/**
 * The bags of a batch of users: their histories concatenated, with offsets from 0.
 * @example
 * const { ids, offsets } = batchBags(h, new Int32Array([3, 0, 3]));
 */
export function batchBags(h: Histories, users: Int32Array): { ids: Int32Array; offsets: Int32Array } {
  const offsets = new Int32Array(users.length + 1);
  for (let b = 0; b < users.length; b++) offsets[b + 1] = offsets[b]! + h.offsets[users[b]! + 1]! - h.offsets[users[b]!]!;
  const ids = new Int32Array(offsets[users.length]!);
  for (let b = 0; b < users.length; b++) ids.set(h.ids.subarray(h.offsets[users[b]!]!, h.offsets[users[b]! + 1]!), offsets[b]!);
  return { ids, offsets };
}
