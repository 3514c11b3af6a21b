/**
 * Emitters for the glue between towers: L2 normalisation, concatenation, row-wise dot products.
 */
import type { Dim, OnnxGraph } from "./graph.ts";

/**
 * Scales each row to unit L2 norm along the last axis (LpNormalization p=2, axis=-1).
 * A zero row stays zero (onnxruntime leaves it unscaled rather than dividing by 0).
 * @example
 * const u = emitL2Normalize(g, userVec);
 */
export function emitL2Normalize(g: OnnxGraph, x: string): string {
  const y = g.uniqueName(`${x}.l2`);
  g.node("LpNormalization", [x], [y], { axis: -1, p: 2 });
  const dims = g.shapeOf(x);
  if (dims) g.setShape(y, dims);
  return y;
}

/**
 * Concatenates tensors along `axis` (negative counts from the end).
 * @example
 * const x = emitConcat(g, [userEmb, history], 1); // [batch, d1 + d2]
 */
export function emitConcat(g: OnnxGraph, xs: string[], axis: number): string {
  if (xs.length === 0) throw new RangeError("emitConcat: nothing to concatenate");
  const y = g.uniqueName(`concat_${xs.join("_").replace(/[^\w.]/g, "")}`.slice(0, 64));
  g.node("Concat", xs, [y], { axis });
  const shapes = xs.map((x) => g.shapeOf(x));
  const first = shapes[0];
  if (first && shapes.every((s) => s && s.length === first.length)) {
    const a = axis < 0 ? axis + first.length : axis;
    const sizes = shapes.map((s) => s![a]);
    const total: Dim = sizes.every((d) => typeof d === "number") ? (sizes as number[]).reduce((p, q) => p + q, 0) : `${y}_dim${a}`;
    g.setShape(y, first.map((d, i) => (i === a ? total : d)));
  }
  return y;
}

/**
 * Row-wise dot product of two [B, D] tensors → [B, 1] (Mul + ReduceSum over axis 1, keepdims).
 * @example
 * const score = emitRowDot(g, userVec, itemVec);
 */
export function emitRowDot(g: OnnxGraph, a: string, b: string): string {
  const prod = g.uniqueName(`${a}.mul.${b}`);
  const y = g.uniqueName(`dot_${a}_${b}`);
  g.node("Mul", [a, b], [prod]);
  g.node("ReduceSum", [prod, g.int64([1])], [y], { keepdims: 1 });
  const batch = g.shapeOf(a)?.[0] ?? g.shapeOf(b)?.[0];
  if (batch !== undefined) g.setShape(y, [batch, 1]);
  return y;
}
