/** Differentiable sums and means over a 2-D view [R, C] (C = last dimension). */
import type { Tensor } from "../../tensor/tensor.ts";
import { rowsCols } from "../../kernels/elementwise/index.ts";
import { record } from "../tape.ts";
import { binaryK, copyK, reduceK, unaryK } from "./kernel-calls.ts";

export type Axis = 0 | 1 | "all";

function reduceOp(op: "sum" | "mean", x: Tensor, axis: Axis): Tensor {
  const [r, c] = rowsCols(x.shape);
  const x2 = copyK(x, [r, c]);
  const y = reduceK(op, x2, axis);
  const count = axis === 0 ? r : axis === 1 ? c : r * c;
  return record(op, [x], y, (dy) => {
    // Broadcast dy back over the reduced axis: a constant [R, C] times dy read as row, column or scalar.
    const share = unaryK("fill", x2, { beta: op === "mean" ? (count === 0 ? 0 : 1 / count) : 1 });
    return [copyK(binaryK("mul", share, dy), x.shape)];
  });
}


/**
 * Sum over rows (axis 0 → [1, C]), within rows (axis 1 → [R, 1]) or of everything ("all" → [1, 1]).
 * @example
 * const rowSums = sum(x, 1);
 */
export const sum = (x: Tensor, axis: Axis = "all"): Tensor => reduceOp("sum", x, axis);
/** Mean, with the axes of `sum`. */
export const mean = (x: Tensor, axis: Axis = "all"): Tensor => reduceOp("mean", x, axis);
