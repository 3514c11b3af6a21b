/**
 * Plain f64 loops computing what the emitted graphs compute, for the tests (slow, obviously right).
 * Matrices are Float64Array row-major with an explicit row count.
 */
import type { Activation, MlpLayer } from "./emit.ts";

/** A row-major matrix. */
export interface Mat { rows: number; cols: number; data: Float64Array }

/** @example mat(2, 3, [1, 2, 3, 4, 5, 6]) */
export function mat(rows: number, cols: number, data: ArrayLike<number>): Mat {
  return { rows, cols, data: Float64Array.from(data) };
}

/** y = x·W + b. @example refLinear(x, w, b, 4, 3) */
export function refLinear(x: Mat, w: ArrayLike<number>, b: ArrayLike<number> | undefined, inDim: number, outDim: number): Mat {
  const y = new Float64Array(x.rows * outDim);
  for (let r = 0; r < x.rows; r++) {
    for (let o = 0; o < outDim; o++) {
      let s = b ? b[o]! : 0;
      for (let i = 0; i < inDim; i++) s += x.data[r * inDim + i]! * w[i * outDim + o]!;
      y[r * outDim + o] = s;
    }
  }
  return { rows: x.rows, cols: outDim, data: y };
}

/** Elementwise activation. @example refActivation(x, "tanh") */
export function refActivation(x: Mat, a: Activation): Mat {
  const f = { relu: (v: number) => Math.max(v, 0), sigmoid: (v: number) => 1 / (1 + Math.exp(-v)), tanh: Math.tanh, none: (v: number) => v }[a];
  return { ...x, data: x.data.map(f) };
}

/** @example refMlp(x, layers, "relu", false) */
export function refMlp(x: Mat, layers: MlpLayer[], act: Exclude<Activation, "none">, last: boolean): Mat {
  let h = x;
  layers.forEach((l, i) => {
    h = refLinear(h, l.weight, l.bias, l.inDim, l.outDim);
    if (i < layers.length - 1 || last) h = refActivation(h, act);
  });
  return h;
}

/** Rows of `table` picked by ids. @example refEmbedding([2, 0], table, 4) */
export function refEmbedding(ids: ArrayLike<number>, table: ArrayLike<number>, dim: number): Mat {
  const y = new Float64Array(ids.length * dim);
  for (let r = 0; r < ids.length; r++) for (let d = 0; d < dim; d++) y[r * dim + d] = table[ids[r]! * dim + d]!;
  return { rows: ids.length, cols: dim, data: y };
}

/** A ragged bag per row (ids, weights), pooled. @example refBag([[1, 2], []], [[1, 1], []], table, 4, "mean") */
export function refBag(ids: number[][], weights: number[][], table: ArrayLike<number>, dim: number, mode: "sum" | "mean"): Mat {
  const y = new Float64Array(ids.length * dim);
  ids.forEach((bag, r) => {
    bag.forEach((id, l) => { for (let d = 0; d < dim; d++) y[r * dim + d]! += weights[r]![l]! * table[id * dim + d]!; });
    const n = weights[r]!.filter((w) => w !== 0).length;
    if (mode === "mean" && n > 0) for (let d = 0; d < dim; d++) y[r * dim + d]! /= n;
  });
  return { rows: ids.length, cols: dim, data: y };
}

/** Rows scaled to unit L2 norm (zero rows stay zero). @example refL2(x) */
export function refL2(x: Mat): Mat {
  const y = new Float64Array(x.data);
  for (let r = 0; r < x.rows; r++) {
    let s = 0;
    for (let c = 0; c < x.cols; c++) s += y[r * x.cols + c]! ** 2;
    const n = Math.sqrt(s);
    if (n > 0) for (let c = 0; c < x.cols; c++) y[r * x.cols + c]! /= n;
  }
  return { ...x, data: y };
}

/** Column-wise concatenation. @example refConcat([a, b]) */
export function refConcat(xs: Mat[]): Mat {
  const cols = xs.reduce((s, x) => s + x.cols, 0);
  const rows = xs[0]!.rows;
  const y = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let off = 0;
    for (const x of xs) { y.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), r * cols + off); off += x.cols; }
  }
  return { rows, cols, data: y };
}

/** Row-wise dot → [rows, 1]. @example refRowDot(a, b) */
export function refRowDot(a: Mat, b: Mat): Mat {
  const y = new Float64Array(a.rows);
  for (let r = 0; r < a.rows; r++) for (let c = 0; c < a.cols; c++) y[r]! += a.data[r * a.cols + c]! * b.data[r * a.cols + c]!;
  return { rows: a.rows, cols: 1, data: y };
}
