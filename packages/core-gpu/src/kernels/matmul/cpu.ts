/**
 * The CPU "Matmul": OpenBLAS sgemm per batch where the engine has it (C preset to the bias and
 * beta = 1, or beta = 0 without a bias, so neither costs an extra pass), otherwise typed-array loops in a cache-friendly
 * order. Deterministic: the same inputs give bit-identical outputs.
 */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { matmulDims, type MatmulAttrs } from "./validate.ts";

/**
 * C = op(A)·op(B) (+ bias) on Float32Array storage.
 * @example
 * const [c] = cpuMatmul(cpu, [a, b, bias], {});
 */
export function cpuMatmul(engine: CpuEngine, inputs: readonly Tensor[], attrs: MatmulAttrs): Tensor[] {
  const [a, b, bias] = inputs as [Tensor, Tensor, Tensor?];
  const { batch, m, n, k } = matmulDims(a.shape, b.shape, attrs);
  const A = engine.f32(a);
  const B = engine.f32(b);
  const c = engine.empty(a.rank === 3 ? [batch, m, n] : [m, n]);
  const C = engine.f32(c);
  // Without a bias, sgemm's beta = 0 writes C outright (OpenBLAS zeroes it first, so poisoned
  // or stale contents never leak): a separate zeroing pass cost ~8 ms on a 4,096×4,096 output.
  const overwrite = !bias && engine.blas !== undefined && k > 0;
  if (bias) {
    const bv = engine.f32(bias);
    for (let i = 0; i < m * batch; i++) C.set(bv, i * n);
  } else if (!overwrite) C.fill(0);
  if (m === 0 || n === 0 || k === 0) return [c];
  const transA = !!attrs.transA;
  const transB = !!attrs.transB;
  for (let t = 0; t < batch; t++) {
    const As = A.subarray(t * m * k, (t + 1) * m * k);
    const Bs = B.subarray(t * k * n, (t + 1) * k * n);
    const Cs = C.subarray(t * m * n, (t + 1) * m * n);
    if (engine.blas) engine.blas.sgemm(transA, transB, m, n, k, As, Bs, overwrite ? 0 : 1, Cs);
    else if (transB) dotRows(As, Bs, Cs, m, n, k, transA);
    else axpyRows(As, Bs, Cs, m, n, k, transA);
  }
  return [c];
}

/** i-k-j order: the inner loop streams a row of B into a row of C (B stored [K, N]). */
function axpyRows(A: Float32Array, B: Float32Array, C: Float32Array, m: number, n: number, k: number, transA: boolean): void {
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let kk = 0; kk < k; kk++) {
      const x = transA ? A[kk * m + i]! : A[i * k + kk]!;
      const bk = kk * n;
      for (let j = 0; j < n; j++) C[ci + j]! += x * B[bk + j]!;
    }
  }
}

/** B stored [N, K]: each output is a dot product of two contiguous rows (for transA, a strided column). */
function dotRows(A: Float32Array, B: Float32Array, C: Float32Array, m: number, n: number, k: number, transA: boolean): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let acc = 0;
      if (transA) for (let kk = 0; kk < k; kk++) acc += A[kk * m + i]! * B[bj + kk]!;
      else for (let kk = 0, ai = i * k; kk < k; kk++) acc += A[ai + kk]! * B[bj + kk]!;
      C[i * n + j]! += acc;
    }
  }
}
