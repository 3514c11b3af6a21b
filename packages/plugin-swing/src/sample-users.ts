/**
 * The users whose pairs score each item: all of them up to `maxUsersPerItem`, else a uniform
 * sample of that many by reservoir sampling (Algorithm R, as Flink ML's Swing does). Each item
 * draws from its own generator seeded by (stage seed, raw item id), so an item's sample does not
 * change when other items or users are added, and a rerun with the same seed repeats it exactly.
 */
import type { Csr } from "@shortlist/core-gpu";
import { Rng } from "@shortlist/core-gpu/random";

/**
 * item×user CSR (rows ascending) of the sampled users of each item of the user×item CSR `x`.
 * @example
 * const itemUsers = sampleItemUsers(x, 1000, ctx.seed, items);
 */
export function sampleItemUsers(x: Csr, maxUsersPerItem: number, seed: number, rawItems: Int32Array): { itemUsers: Csr; sampled: number } {
  const counts = new Int32Array(x.cols + 1);
  for (let p = 0; p < x.indices.length; p++) counts[x.indices[p]! + 1]!++;
  const fullPtr = new Int32Array(x.cols + 1);
  for (let i = 0; i < x.cols; i++) fullPtr[i + 1] = fullPtr[i]! + counts[i + 1]!;
  const fill = fullPtr.slice(0, x.cols);
  const full = new Int32Array(x.indices.length);
  for (let u = 0; u < x.rows; u++) for (let p = x.indptr[u]!; p < x.indptr[u + 1]!; p++) full[fill[x.indices[p]!]!++] = u;

  const indptr = new Int32Array(x.cols + 1);
  for (let i = 0; i < x.cols; i++) indptr[i + 1] = indptr[i]! + Math.min(maxUsersPerItem, fullPtr[i + 1]! - fullPtr[i]!);
  const indices = new Int32Array(indptr[x.cols]!);
  let sampled = 0;
  for (let i = 0; i < x.cols; i++) {
    const users = full.subarray(fullPtr[i]!, fullPtr[i + 1]!);
    const out = indices.subarray(indptr[i]!, indptr[i + 1]!);
    if (users.length <= maxUsersPerItem) {
      out.set(users);
      continue;
    }
    sampled++;
    const rng = new Rng(seed, rawItems[i]!);
    out.set(users.subarray(0, maxUsersPerItem));
    for (let t = maxUsersPerItem; t < users.length; t++) {
      const r = rng.int(t + 1);
      if (r < maxUsersPerItem) out[r] = users[t]!;
    }
    out.sort();
  }
  return { itemUsers: { rows: x.cols, cols: x.rows, indptr, indices }, sampled };
}
