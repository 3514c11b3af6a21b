/**
 * The CPU "Reduce": contiguous passes with f64 accumulators, the op chosen outside the loops.
 * Columns (axis 0) accumulate into one f64 slot per column while the rows stream by, so memory
 * is read in order. The summation order is fixed, so results are deterministic.
 */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { matrixView, reducedShape, type ReduceAttrs, type ReduceOp } from "./validate.ts";

/** Σ, Σx² or max of X[start, end) in f64; a NaN in a max sticks (NaN > m and m > NaN are both false). */
function range(op: ReduceOp, X: Float32Array, start: number, end: number): number {
  if (op === "max") {
    let m = -Infinity;
    for (let i = start; i < end; i++) {
      const v = X[i]!;
      if (v > m || v !== v) m = v;
    }
    return m;
  }
  let s = 0;
  if (op === "sumSquares") for (let i = start; i < end; i++) s += X[i]! * X[i]!;
  else for (let i = start; i < end; i++) s += X[i]!;
  return op === "mean" ? (end > start ? s / (end - start) : 0) : s;
}

/** Column reductions: one f64 accumulator per column, rows streamed in order. */
function columns(op: ReduceOp, X: Float32Array, rows: number, cols: number, Y: Float32Array): void {
  const acc = new Float64Array(cols).fill(op === "max" ? -Infinity : 0);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    if (op === "max") {
      for (let j = 0; j < cols; j++) {
        const v = X[o + j]!;
        if (v > acc[j]! || v !== v) acc[j] = v;
      }
    } else if (op === "sumSquares") for (let j = 0; j < cols; j++) acc[j]! += X[o + j]! * X[o + j]!;
    else for (let j = 0; j < cols; j++) acc[j]! += X[o + j]!;
  }
  for (let j = 0; j < cols; j++) Y[j] = op !== "mean" ? acc[j]! : rows > 0 ? acc[j]! / rows : 0;
}

/**
 * Reduce on Float32Array storage.
 * @example
 * const [m] = cpuReduce(cpu, [x], { op: "max", axis: 0 }); // [1, C]
 */
export function cpuReduce(engine: CpuEngine, [x]: readonly Tensor[], { op, axis }: ReduceAttrs): Tensor[] {
  const [rows, cols] = matrixView(x!.shape);
  const X = engine.f32(x!);
  const out = engine.empty(reducedShape(rows, cols, axis));
  const Y = engine.f32(out);
  if (axis === 1) for (let r = 0; r < rows; r++) Y[r] = range(op, X, r * cols, (r + 1) * cols);
  else if (axis === 0) columns(op, X, rows, cols, Y);
  else Y[0] = range(op, X, 0, rows * cols);
  return [out];
}
