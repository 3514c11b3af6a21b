/**
 * The reference "Matmul": the textbook triple loop with an f64 accumulator, over any
 * ArrayLike storage (Float64Array on the f64 reference engine).
 */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { matmulDims, type MatmulAttrs } from "./validate.ts";

/**
 * C[t][i][j] = Σ_kk op(A)[t][i][kk] · op(B)[t][kk][j] (+ bias[j]).
 * @example
 * const [c] = referenceMatmul(ref, [a, b], { transB: true });
 */
export function referenceMatmul(engine: CpuEngine, inputs: readonly Tensor[], attrs: MatmulAttrs): Tensor[] {
  const [a, b, bias] = inputs as [Tensor, Tensor, Tensor?];
  const { batch, m, n, k } = matmulDims(a.shape, b.shape, attrs);
  const A = engine.data(a);
  const B = engine.data(b);
  const bv = bias ? engine.data(bias) : undefined;
  const c = engine.empty(a.rank === 3 ? [batch, m, n] : [m, n]);
  const C = engine.data(c);
  for (let t = 0; t < batch; t++) {
    const ao = t * m * k;
    const bo = t * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = bv ? bv[j]! : 0;
        for (let kk = 0; kk < k; kk++) {
          const x = A[ao + (attrs.transA ? kk * m + i : i * k + kk)]!;
          const y = B[bo + (attrs.transB ? j * k + kk : kk * n + j)]!;
          acc += x * y;
        }
        C[t * m * n + i * n + j] = acc;
      }
    }
  }
  return [c];
}
