/**
 * The reference "Reduce": for each output cell, one plain pass over the elements it covers, in
 * index order, with an f64 accumulator (works on Float64Array storage too).
 */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { matrixView, reducedShape, type ReduceAttrs, type ReduceOp } from "./validate.ts";

/**
 * Reduces `count` values `at(0) … at(count − 1)` with `op`.
 * @example
 * reduceValues("max", 3, (i) => [1, 5, 2][i]!); // 5
 */
export function reduceValues(op: ReduceOp, count: number, at: (i: number) => number): number {
  let acc = op === "max" ? -Infinity : 0;
  for (let i = 0; i < count; i++) {
    const v = at(i);
    if (op === "max") acc = Number.isNaN(v) || v > acc ? v : acc;
    else acc += op === "sumSquares" ? v * v : v;
    if (Number.isNaN(acc)) return NaN;
  }
  return op === "mean" ? (count === 0 ? 0 : acc / count) : acc;
}

/**
 * Reduce over rows (axis 1), columns (axis 0) or everything ("all") of x viewed as [R, C].
 * @example
 * const [s] = referenceReduce(ref, [x], { op: "sum", axis: 1 }); // [R, 1]
 */
export function referenceReduce(engine: CpuEngine, [x]: readonly Tensor[], { op, axis }: ReduceAttrs): Tensor[] {
  const [rows, cols] = matrixView(x!.shape);
  const X = engine.data(x!);
  const out = engine.empty(reducedShape(rows, cols, axis));
  const Y = engine.data(out);
  if (axis === 1) for (let r = 0; r < rows; r++) Y[r] = reduceValues(op, cols, (j) => X[r * cols + j]!);
  else if (axis === 0) for (let j = 0; j < cols; j++) Y[j] = reduceValues(op, rows, (r) => X[r * cols + j]!);
  else Y[0] = reduceValues(op, rows * cols, (i) => X[i]!);
  return [out];
}
