/**
 * CPU matmul: OpenBLAS in place where the system has it (see openblas.ts), otherwise
 * onnxruntime's MLAS with row chunking so ORT's intermediate output stays cache-sized (for tall
 * outputs, 65,536×4,096 is 1 GiB, the binding's copies otherwise cost more than the arithmetic);
 * a TypeScript loop for products too small to be worth either call (~20 µs of overhead).
 */
import type { MatmulOptions } from "../types.ts";
import { checkMatmul } from "../reference/validate.ts";
import type { OpenBlas } from "./openblas.ts";
import { runMatmul, type SessionCache } from "./sessions.ts";

/** Thresholds that pick a path; tests shrink them to exercise every path on small inputs. */
export interface MatmulTuning {
  /** Products with batch·m·n·k at or below this run as a TypeScript loop. */
  smallWork: number;
  /** Target bytes of C per ORT call; taller outputs are split into row chunks. */
  chunkBytes: number;
}

export const defaultMatmulTuning: MatmulTuning = { smallWork: 32_768, chunkBytes: 8 << 20 };

/** C = op(A)·op(B) (+bias) (ReLU) in plain loops, f64 accumulation. */
function loopMatmul(a: Float32Array, b: Float32Array, o: MatmulOptions, batch: number, out: Float32Array): void {
  const { m, n, k } = o;
  const acc = new Float64Array(n);
  for (let t = 0; t < batch; t++) {
    const ao = t * m * k;
    const bo = t * k * n;
    for (let i = 0; i < m; i++) {
      acc.fill(0);
      for (let p = 0; p < k; p++) {
        const av = o.transA ? a[ao + p * m + i]! : a[ao + i * k + p]!;
        if (o.transB) for (let j = 0; j < n; j++) acc[j]! += av * b[bo + j * k + p]!;
        else for (let j = 0; j < n; j++) acc[j]! += av * b[bo + p * n + j]!;
      }
      const co = t * m * n + i * n;
      for (let j = 0; j < n; j++) {
        let v = acc[j]! + (o.bias ? o.bias[j]! : 0);
        if (o.relu && v < 0) v = 0;
        out[co + j] = v;
      }
    }
  }
}

/** One 2-D product through Gemm, split into row chunks of at most `chunkBytes` of C. */
async function gemm2d(
  cache: SessionCache, a: Float32Array, b: Float32Array, o: MatmulOptions, out: Float32Array, chunkBytes: number,
): Promise<void> {
  const { m, n, k } = o;
  const session = await cache.get({ batched: false, transA: !!o.transA, transB: !!o.transB, bias: !!o.bias, relu: !!o.relu });
  const bDims = o.transB ? [n, k] : [k, n];
  const rowsPer = Math.max(1, Math.min(m, Math.floor(chunkBytes / (4 * n))));
  // With Aᵀ stored, a chunk of rows of op(A) is a strided column block: copy it contiguous (O(k·rows),
  // small next to the k·rows·n product).
  const staging = o.transA && rowsPer < m ? new Float32Array(k * rowsPer) : undefined;
  for (let i0 = 0; i0 < m; i0 += rowsPer) {
    const rows = Math.min(rowsPer, m - i0);
    let aPart: Float32Array;
    if (!o.transA) aPart = a.subarray(i0 * k, (i0 + rows) * k);
    else if (!staging) aPart = a;
    else {
      aPart = staging.subarray(0, k * rows);
      for (let p = 0; p < k; p++) aPart.set(a.subarray(p * m + i0, p * m + i0 + rows), p * rows);
    }
    const aDims = o.transA ? [k, rows] : [rows, k];
    await runMatmul(session, aPart, aDims, b, bDims, o.bias, out.subarray(i0 * n, (i0 + rows) * n), [rows, n]);
  }
}

/** Each product through OpenBLAS, straight into C: bias preloaded into C (beta = 1), ReLU after. */
function blasMatmul(blas: OpenBlas, a: Float32Array, b: Float32Array, o: MatmulOptions, batch: number, out: Float32Array): void {
  const { m, n, k } = o;
  for (let t = 0; t < batch; t++) {
    const c = out.subarray(t * m * n, (t + 1) * m * n);
    if (o.bias) for (let i = 0; i < m; i++) c.set(o.bias, i * n);
    blas.sgemm(!!o.transA, !!o.transB, m, n, k, a.subarray(t * m * k, (t + 1) * m * k), b.subarray(t * k * n, (t + 1) * k * n), o.bias ? 1 : 0, c);
    if (o.relu) for (let i = 0; i < c.length; i++) if (c[i]! < 0) c[i] = 0;
  }
}

/**
 * The CPU backend's matmul; `blas` (when loaded) replaces the MLAS path.
 * @example
 * const c = await cpuMatmul(cache, a, b, { m: 1024, n: 1024, k: 1024 });
 */
export async function cpuMatmul(
  cache: SessionCache, a: Float32Array, b: Float32Array, o: MatmulOptions, tuning: MatmulTuning = defaultMatmulTuning,
  blas?: OpenBlas,
): Promise<Float32Array> {
  const batch = checkMatmul(a, b, o);
  const { m, n, k } = o;
  const out = o.out ?? new Float32Array(batch * m * n);
  if (batch * m * n === 0) return out;
  if (k === 0 || batch * m * n * k <= tuning.smallWork) {
    loopMatmul(a, b, o, batch, out);
    return out;
  }
  if (blas) {
    blasMatmul(blas, a, b, o, batch, out);
    return out;
  }
  if (batch > 1 && 4 * m * n * batch <= tuning.chunkBytes) {
    // Many small products: one FusedMatMul call over the batch amortises the call overhead.
    const session = await cache.get({ batched: true, transA: !!o.transA, transB: !!o.transB, bias: !!o.bias, relu: !!o.relu });
    const aDims = o.transA ? [batch, k, m] : [batch, m, k];
    const bDims = o.transB ? [batch, n, k] : [batch, k, n];
    await runMatmul(session, a, aDims, b, bDims, o.bias, out, [batch, m, n]);
    return out;
  }
  for (let t = 0; t < batch; t++) {
    await gemm2d(
      cache, a.subarray(t * m * k, (t + 1) * m * k), b.subarray(t * k * n, (t + 1) * k * n), o,
      out.subarray(t * m * n, (t + 1) * m * n), tuning.chunkBytes,
    );
  }
  return out;
}
