/**
 * Exact (f64) scores and their honest tolerances, against which backend top-K results are
 * judged: a slot may hold a different id than the reference only if its true score ties.
 */
import type { CooccurrenceOptions, Csr } from "../types.ts";
import type { TopKTruth } from "./compare.ts";
import { SUM_RTOL } from "./compare.ts";

const F32 = 1.2e-7; // relative f32 rounding, with margin

function excludedRows(exclude: Csr | undefined, rows: number): Set<number>[] {
  return Array.from({ length: rows }, (_, r) => {
    const s = new Set<number>();
    if (exclude) for (let p = exclude.indptr[r]!; p < exclude.indptr[r + 1]!; p++) s.add(exclude.indices[p]!);
    return s;
  });
}

/**
 * Truth for top-K over a given score matrix: scores are copied, so the tolerance is zero.
 * @example
 * topKMismatch(got, want, denseTruth(scores, rows, cols, exclude));
 */
export function denseTruth(scores: Float32Array, rows: number, cols: number, exclude?: Csr): TopKTruth {
  const ex = excludedRows(exclude, rows);
  return {
    score: (r, id) => (id < 0 || id >= cols || ex[r]!.has(id) || Number.isNaN(scores[r * cols + id]) ? undefined : scores[r * cols + id]),
    tol: () => 0,
  };
}

/**
 * Truth for scoreTopK: f64 dot products, tolerance 1e-5·Σ|q_d·k_d|.
 * @example
 * topKMismatch(got, want, dotTruth(q, keys, nk, dim));
 */
export function dotTruth(q: Float32Array, nq: number, keys: Float32Array, nk: number, dim: number, exclude?: Csr): TopKTruth {
  const ex = excludedRows(exclude, nq);
  const dot = (r: number, id: number, abs: boolean) => {
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const t = q[r * dim + d]! * keys[id * dim + d]!;
      s += abs ? Math.abs(t) : t;
    }
    return s;
  };
  return {
    score: (r, id) => (id < 0 || id >= nk || ex[r]!.has(id) ? undefined : dot(r, id, false)),
    tol: (r, id) => (id < 0 ? 0 : SUM_RTOL * dot(r, id, true) + F32 * Math.abs(dot(r, id, false))),
  };
}

/**
 * Truth for cooccurrenceTopN: per pair the f64 sum, its Σ|terms| and co-count, pushed through
 * the transform; the tolerance propagates 1e-5·Σ|terms| through the transform's formula.
 * @example
 * topKMismatch(got, want, coocTruth(x, { topN: 5 }));
 */
export function coocTruth(x: Csr, o: CooccurrenceOptions): TopKTruth {
  const pairs = new Map<number, { sum: number; abs: number; count: number }>();
  const n = x.cols;
  for (let u = 0; u < x.rows; u++) {
    const w = o.rowWeights ? o.rowWeights[u]! : 1;
    for (let p = x.indptr[u]!; p < x.indptr[u + 1]!; p++) {
      for (let q = x.indptr[u]!; q < x.indptr[u + 1]!; q++) {
        const term = w * (x.values ? x.values[p]! * x.values[q]! : 1);
        const key = x.indices[p]! * n + x.indices[q]!;
        const e = pairs.get(key) ?? { sum: 0, abs: 0, count: 0 };
        e.sum += term;
        e.abs += Math.abs(term);
        e.count += 1;
        pairs.set(key, e);
      }
    }
  }
  const minCount = Math.max(1, o.minCount ?? 1);
  const t = o.transform ?? { kind: "none" as const };
  // s = c / den(c): returns [s, |ds/dc|].
  const apply = (c: number, i: number, j: number): [number, number] => {
    if (t.kind === "none") return [c, 1];
    const rs = t.rowStat;
    const shrink = t.shrink ?? 0;
    if (t.kind === "jaccard") {
      const a = rs[i]! + rs[j]! + shrink;
      return [c / (a - c), Math.abs(a / ((a - c) * (a - c)))];
    }
    const den = t.kind === "cosine" ? rs[i]! * rs[j]! + shrink : Math.pow(rs[i]!, t.alpha) * Math.pow(rs[j]!, 1 - t.alpha) + shrink;
    return [c / den, Math.abs(1 / den)];
  };
  const get = (i: number, j: number) => {
    const e = pairs.get(i * n + j);
    return e && i !== j && e.count >= minCount ? e : undefined;
  };
  return {
    score: (i, j) => {
      const e = j >= 0 && j < n ? get(i, j) : undefined;
      if (!e) return undefined;
      const s = apply(e.sum, i, j)[0];
      return Number.isNaN(s) ? undefined : s;
    },
    tol: (i, j) => {
      const e = j >= 0 ? get(i, j) : undefined;
      if (!e) return 0;
      const [s, slope] = apply(e.sum, i, j);
      return SUM_RTOL * e.abs * slope + 4 * F32 * Math.abs(s);
    },
  };
}

/**
 * Σ|terms| of each element of op(A)·op(B) (+bias): the scale of matmul's tolerance.
 * @example
 * const scale = matmulScale(a, b, { m, n, k });
 */
export function matmulScale(
  a: Float32Array, b: Float32Array,
  o: { m: number; n: number; k: number; transA?: boolean; transB?: boolean; batch?: number; bias?: Float32Array },
): Float64Array {
  const { m, n, k } = o;
  const batch = o.batch ?? 1;
  const s = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let v = o.bias ? Math.abs(o.bias[j]!) : 0;
        for (let p = 0; p < k; p++) {
          const av = o.transA ? a[t * m * k + p * m + i]! : a[t * m * k + i * k + p]!;
          const bv = o.transB ? b[t * k * n + j * k + p]! : b[t * k * n + p * n + j]!;
          v += Math.abs(av * bv);
        }
        s[t * m * n + i * n + j] = v;
      }
    }
  }
  return s;
}
