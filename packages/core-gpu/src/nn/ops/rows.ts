/** Row-wise similarity: dot products, L2 normalisation, cosine (composed, so gradients follow). */
import type { Tensor } from "../../tensor/tensor.ts";
import { affine, div, mul, sqrt } from "./elementwise.ts";
import { sum } from "./reduce.ts";

/**
 * Σ_j a[i, j]·b[i, j] per row → [B, 1].
 * @example
 * const scores = rowDot(userVec, itemVec);
 */
export const rowDot = (a: Tensor, b: Tensor): Tensor => sum(mul(a, b), 1);

/**
 * x[i] / √(‖x[i]‖² + eps) per row: a zero row stays zero (eps defaults to 1e-12, as
 * onnxruntime's LpNormalization leaves zero rows at zero).
 * @example
 * const u = l2Normalize(userVec);
 */
export function l2Normalize(x: Tensor, eps = 1e-12): Tensor {
  const norm = sqrt(affine(sum(mul(x, x), 1), 1, eps));
  return div(x, norm);
}

/** Cosine similarity per row → [B, 1]. */
export const cosine = (a: Tensor, b: Tensor, eps = 1e-12): Tensor => rowDot(l2Normalize(a, eps), l2Normalize(b, eps));

