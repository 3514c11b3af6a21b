/** Reference matmul: triple loop in f64, then bias and ReLU, rounded to f32 once. */
import type { MatmulOptions } from "../types.ts";
import { checkMatmul } from "./validate.ts";

/**
 * C = op(A)·op(B) (+bias) (ReLU) for each of `batch` stacked products.
 * @example
 * referenceMatmul(new Float32Array([1, 2]), new Float32Array([3, 4]), { m: 1, n: 1, k: 2 }); // [11]
 */
export function referenceMatmul(a: Float32Array, b: Float32Array, o: MatmulOptions): Float32Array {
  const batch = checkMatmul(a, b, o);
  const { m, n, k } = o;
  const out = o.out ?? new Float32Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    const ao = t * m * k;
    const bo = t * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = o.transA ? a[ao + p * m + i]! : a[ao + i * k + p]!;
          const bv = o.transB ? b[bo + j * k + p]! : b[bo + p * n + j]!;
          s += av * bv;
        }
        if (o.bias) s += o.bias[j]!;
        if (o.relu && s < 0) s = 0;
        out[t * m * n + i * n + j] = s;
      }
    }
  }
  return out;
}
