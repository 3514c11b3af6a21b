/**
 * Full-catalogue ranking: every user's vector against every item's with the backend's fused
 * score + top-K kernel, seen items excluded, block of users by block (memory bounded by the block,
 * never users × items), then recall@K and NDCG@K against a truth matrix with the runner's metric
 * code (RecBole's definitions, the same as eval.recs).
 */
import type { Backend, Csr, TopK } from "@shortlist/core-gpu";
import { scoreList } from "@shortlist/runner/metrics";

export interface RankAllOptions {
  k: number;
  /** Users ranked per scoreTopK call (default 4,096). */
  blockUsers?: number;
  signal?: AbortSignal;
}

/** The rows [from, to) of a CSR, re-based to start at 0. */
export function csrRows(x: Csr, from: number, to: number): Csr {
  const base = x.indptr[from]!;
  return { rows: to - from, cols: x.cols, indptr: x.indptr.slice(from, to + 1).map((p) => p - base), indices: x.indices.subarray(base, x.indptr[to]!) };
}

/**
 * Top `k` items of every user (row u of `users` [nUsers, dim]) by dot product with `items`
 * [nItems, dim], excluding `exclude`'s items of the user (CSR nUsers × nItems).
 * @example
 * const top = await rankAll(backend, userVecs, itemVecs, 64, seen, { k: 10 }); // top.ids[u * 10 + t]
 */
export async function rankAll(backend: Backend, users: Float32Array, items: Float32Array, dim: number, exclude: Csr, o: RankAllOptions): Promise<TopK> {
  const nUsers = users.length / dim;
  const nItems = items.length / dim;
  const block = Math.max(1, o.blockUsers ?? 4096);
  const ids = new Int32Array(nUsers * o.k);
  const scores = new Float32Array(nUsers * o.k);
  for (let from = 0; from < nUsers; from += block) {
    if (o.signal?.aborted) throw o.signal.reason;
    const to = Math.min(nUsers, from + block);
    const top = await backend.scoreTopK(users.subarray(from * dim, to * dim), to - from, items, nItems, dim, o.k, csrRows(exclude, from, to));
    ids.set(top.ids, from * o.k);
    scores.set(top.scores, from * o.k);
    // the fused kernel holds the thread for the whole block: let timers run between blocks (a
    // `shortlist worker` renews its job's lock on one)
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { rows: nUsers, k: o.k, ids, scores };
}

/**
 * Mean recall@k and NDCG@k over users with at least one truth item; a user's list is row u of
 * `top` (dense items, −1 for empty slots). Truth items a user cannot be recommended (never in
 * training) still count in the denominator, as in eval.recs.
 * @example
 * const { recall, ndcg } = topKMetrics(top, truth, 10);
 */
export function topKMetrics(top: TopK, truth: Csr, k: number, truthCounts?: Int32Array): { recall: number; ndcg: number; users: number } {
  let [recall, ndcg, users] = [0, 0, 0];
  for (let u = 0; u < truth.rows; u++) {
    const rel = truth.indices.subarray(truth.indptr[u]!, truth.indptr[u + 1]!);
    const count = truthCounts ? truthCounts[u]! : rel.length;
    if (count === 0) continue;
    const list = top.ids.subarray(u * top.k, u * top.k + Math.min(k, top.k));
    const s = scoreList(list, (i) => i >= 0 && binaryHas(rel, i), count, k);
    recall += s.recall;
    ndcg += s.ndcg;
    users++;
  }
  return users === 0 ? { recall: 0, ndcg: 0, users } : { recall: recall / users, ndcg: ndcg / users, users };
}

/** Whether sorted `xs` holds `v`. @example binaryHas(Int32Array.of(1, 4, 9), 4) // true */
export function binaryHas(xs: Int32Array, v: number): boolean {
  let [lo, hi] = [0, xs.length - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = xs[mid]!;
    if (x === v) return true;
    if (x < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Rows scaled to unit length (zero rows stay zero): dot products of the results are cosines.
 * @example const un = unitRows(userVecs, 64);
 */
export function unitRows(x: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let r = 0; r < x.length / dim; r++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += x[r * dim + j]! ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < dim; j++) out[r * dim + j] = x[r * dim + j]! * inv;
  }
  return out;
}
