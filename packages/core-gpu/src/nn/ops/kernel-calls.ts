/** Thin typed calls of the registered kernels that the differentiable ops are built from. */
import "../../kernels/index.ts";
import { runKernel } from "../../tensor/registry.ts";
import { sameShape, type Tensor } from "../../tensor/tensor.ts";
import { broadcastMode, rowsCols } from "../../kernels/elementwise/index.ts";

export const unaryK = (op: string, x: Tensor, attrs: { alpha?: number; beta?: number; seed?: number } = {}): Tensor => runKernel("Unary", [x], { op, ...attrs })[0]!;
export const binaryK = (op: string, a: Tensor, b: Tensor, alpha?: number): Tensor => runKernel("Binary", [a, b], { op, alpha })[0]!;
export const reduceK = (op: "sum" | "mean" | "max" | "sumSquares", x: Tensor, axis: 0 | 1 | "all"): Tensor => runKernel("Reduce", [x], { op, axis })[0]!;
export const copyK = (x: Tensor, shape: readonly number[]): Tensor => (sameShape(x.shape, shape) ? x : runKernel("Copy", [x], { shape })[0]!);
export const matmulK = (a: Tensor, b: Tensor, transA = false, transB = false, bias?: Tensor): Tensor =>
  runKernel("Matmul", bias ? [a, b, bias] : [a, b], { transA, transB })[0]!;

/**
 * The gradient of an operand that was broadcast to `outShape`, summed back to its own shape.
 * @example
 * const dBias = sumToShape(dy, [64]); // dy [B, 64] → [64]
 */
export function sumToShape(g: Tensor, shape: readonly number[], outShape: readonly number[]): Tensor {
  const mode = broadcastMode(shape, outShape);
  if (mode === "full") return g;
  const [r, c] = rowsCols(outShape);
  const g2 = g.rank === 2 ? g : copyK(g, [r, c]);
  const summed = reduceK("sum", g2, mode === "row" ? 0 : mode === "col" ? 1 : "all");
  return copyK(summed, shape);
}
