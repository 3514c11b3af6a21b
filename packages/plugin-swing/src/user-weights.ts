/** Swing's weights: per user w_u = (|I_u| + α1)^(−β), per candidate item c_j = |U_j|^(−γ). */
import type { Csr } from "@shortlist/core-gpu";

/**
 * One weight per row of the user×item CSR `x` (|I_u| after truncation).
 * @example
 * swingUserWeights(x, 5, 0.3);
 */
export function swingUserWeights(x: Csr, alpha1: number, beta: number): Float32Array {
  const w = new Float32Array(x.rows);
  for (let u = 0; u < x.rows; u++) w[u] = Math.pow(x.indptr[u + 1]! - x.indptr[u]! + alpha1, -beta);
  return w;
}

/**
 * One popularity discount per column of `x`: c_j = |U_j|^(−γ), so that s(i,j)·c_j stops favouring
 * popular j (Swing sums grow with the number of user pairs, about |U_i ∩ U_j|²); γ = 0 gives 1.
 * @example
 * popularityDiscount(x, 1.2);
 */
export function popularityDiscount(x: Csr, gamma: number): Float32Array {
  const users = new Float64Array(x.cols);
  for (const j of x.indices) users[j]!++;
  return Float32Array.from(users, (n) => (n > 0 ? Math.pow(n, -gamma) : 1));
}
