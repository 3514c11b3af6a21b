/**
 * Synthetic interaction data shaped like MovieLens-1M (6,040 users × 3,706 items, ~1M ratings):
 * user activity heavy-tailed with at least 20 items each, item popularity Zipf-like. Seeded, so
 * every run (and the peers, which read the same arrays from disk) sees the same matrix.
 */
import type { Csr } from "@shortlist/core-gpu";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A popularity-skewed user×item CSR with about `nnz` entries.
 * @example
 * const x = syntheticInteractions(6040, 3706, 1_000_000);
 */
export function syntheticInteractions(users: number, items: number, nnz: number, seed = 1): Csr {
  const next = rng(seed);
  // Heavy-tailed activity: floor + scale·lognormal(σ=1), as ML-1M's (median ~96, mean ~166), capped like its busiest user
  // (2,314 of 3,706 items); the scale is bisected so the total lands on nnz.
  const minPer = Math.min(20, items);
  const maxPer = Math.max(minPer, Math.min(items, Math.round(items * 0.62)));
  const raw = Array.from({ length: users }, () => Math.exp(Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())));
  const lengthsAt = (scale: number) => raw.map((r) => Math.min(maxPer, Math.round(minPer + scale * r)));
  let lo = 0;
  let hi = (nnz / users) * 10;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (lengthsAt(mid).reduce((a, b) => a + b, 0) < nnz) lo = mid;
    else hi = mid;
  }
  const lengths = lengthsAt(hi);
  // Zipf-like item popularity over a random permutation of ids, sampled by inverse CDF.
  const perm = Int32Array.from({ length: items }, (_, i) => i);
  for (let i = items - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  const cdf = new Float64Array(items);
  let acc = 0;
  for (let r = 0; r < items; r++) cdf[r] = acc += 1 / Math.pow(r + 10, 0.9);
  const pick = () => {
    const u = next() * acc;
    let lo = 0;
    let hi = items - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return perm[lo]!;
  };
  const indptr = new Int32Array(users + 1);
  const cols: number[] = [];
  for (let u = 0; u < users; u++) {
    const row = new Set<number>();
    // Heavy users exhaust the popular items; fall back to uniform draws so rows always fill.
    while (row.size < lengths[u]!) row.add(row.size < lengths[u]! * 0.9 ? pick() : Math.floor(next() * items));
    for (const c of [...row].sort((a, b) => a - b)) cols.push(c);
    indptr[u + 1] = cols.length;
  }
  return { rows: users, cols: items, indptr, indices: Int32Array.from(cols) };
}
