/**
 * Filters applied before splitting (RecBole's order): minimum rating, then k-core. They see every
 * row, so with both on, a held-out row's rating can change which rows survive — the only way a
 * test value can reach training data here; leave them off for a strict protocol.
 */
import { denseIds } from "../util/dense-ids.ts";
import { compact, type Interactions } from "./interactions.ts";

/**
 * @example applyFilters(it, { minRating: 3, kCore: 5 }) // rows rated ≥ 3 in the 5-core
 */
export function applyFilters(it: Interactions, o: { minRating?: number; kCore: number }): Interactions {
  let out = it;
  if (o.minRating !== undefined) {
    const keep = new Uint8Array(out.n);
    for (let i = 0; i < out.n; i++) keep[i] = out.rating[i]! >= o.minRating ? 1 : 0;
    out = compact(out, keep);
  }
  if (o.kCore > 0) out = compact(out, kCoreMask(out, o.kCore));
  return out;
}

/**
 * Rows that survive repeatedly dropping users and items with fewer than k remaining rows.
 * @example kCoreMask(it, 5) // Uint8Array: 1 for rows in the 5-core
 */
export function kCoreMask(it: Interactions, k: number): Uint8Array {
  const u = denseIds(it.user);
  const v = denseIds(it.item);
  const keep = new Uint8Array(it.n).fill(1);
  const uc = new Int32Array(u.ids.length);
  const ic = new Int32Array(v.ids.length);
  for (let i = 0; i < it.n; i++) {
    uc[u.index[i]!]!++;
    ic[v.index[i]!]!++;
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < it.n; i++) {
      if (!keep[i]) continue;
      const a = u.index[i]!;
      const b = v.index[i]!;
      if (uc[a]! >= k && ic[b]! >= k) continue;
      keep[i] = 0;
      uc[a]!--;
      ic[b]!--;
      changed = true;
    }
  }
  return keep;
}
