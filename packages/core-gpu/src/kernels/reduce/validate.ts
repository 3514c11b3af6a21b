/**
 * Input checks and shapes of the "Reduce" kernel: x (f32) is viewed as a matrix [R, C] with C its
 * last dimension (rank 1: [1, C]; rank 0: [1, 1]); axis 1 reduces each row to [R, 1], axis 0
 * each column to [1, C], "all" everything to [1, 1].
 */
import { shapeText, type Tensor } from "../../tensor/tensor.ts";

export type ReduceOp = "sum" | "mean" | "max" | "sumSquares";
export type ReduceAxis = 0 | 1 | "all";

export interface ReduceAttrs {
  /** sum; mean (0 for an empty set); max (−Infinity for an empty set); sumSquares (Σ x²). NaN propagates. */
  op: ReduceOp;
  axis: ReduceAxis;
}

const OPS: readonly ReduceOp[] = ["sum", "mean", "max", "sumSquares"];
const AXES: readonly ReduceAxis[] = [0, 1, "all"];

/**
 * The matrix view [R, C] of a shape. R is the product of the leading dimensions, so a [5, 0]
 * tensor has 5 (empty) rows.
 * @example
 * matrixView([2, 3, 4]); // [6, 4]
 */
export function matrixView(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  return [shape.slice(0, -1).reduce((p, d) => p * d, 1), shape[shape.length - 1]!];
}

/**
 * The output shape of a reduction over a [rows, cols] view.
 * @example
 * reducedShape(3, 4, 0); // [1, 4]
 */
export function reducedShape(rows: number, cols: number, axis: ReduceAxis): [number, number] {
  return axis === 1 ? [rows, 1] : axis === 0 ? [1, cols] : [1, 1];
}

/**
 * Throws a RangeError naming "Reduce" for a bad input or attribute.
 * @example
 * validateReduce([x], { op: "sum", axis: 1 });
 */
export function validateReduce(inputs: readonly Tensor[], attrs: ReduceAttrs): void {
  if (inputs.length !== 1) throw new RangeError(`Reduce: found ${inputs.length} inputs, expected [x]`);
  const x = inputs[0]!;
  if (!OPS.includes(attrs.op)) throw new RangeError(`Reduce: unknown op "${String(attrs.op)}" for x ${shapeText(x.shape)} (expected one of ${OPS.join(", ")})`);
  if (!AXES.includes(attrs.axis)) throw new RangeError(`Reduce ${attrs.op}: axis ${JSON.stringify(attrs.axis)} for x ${shapeText(x.shape)}, expected 0, 1 or "all"`);
  if (x.dtype !== "f32") throw new RangeError(`Reduce ${attrs.op}: x ${shapeText(x.shape)} is ${x.dtype}, expected f32`);
}
