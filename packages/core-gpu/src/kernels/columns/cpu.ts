/**
 * The CPU column kernels: one typed-array `set` (a memcpy) per row, one in all when whole rows move.
 */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { matrixView, slicedShape, type AssignColumnsAttrs, type SliceColumnsAttrs } from "./validate.ts";

type Storage = Float32Array | Int32Array | Float64Array;

/** Copies columns [fromStart, +width) of each row of `from` to columns [toStart, +width) of `to`. */
function moveColumns(from: Storage, fromCols: number, fromStart: number, to: Storage, toCols: number, toStart: number, rows: number, width: number): void {
  if (width === fromCols && width === toCols) {
    to.set(from.subarray(0, rows * width));
    return;
  }
  for (let r = 0; r < rows; r++) {
    const f = r * fromCols + fromStart;
    to.set(from.subarray(f, f + width), r * toCols + toStart);
  }
}

/**
 * SliceColumns on the CPU engine.
 * @example
 * const [y] = cpuSliceColumns(cpu, [x], { start: 0, width: 8 });
 */
export function cpuSliceColumns(engine: CpuEngine, [x]: readonly Tensor[], { start, width }: SliceColumnsAttrs): Tensor[] {
  const [rows, cols] = matrixView(x!.shape);
  const y = engine.empty(slicedShape(x!.shape, width), x!.dtype);
  moveColumns(engine.data(x!), cols, start, engine.data(y), width, 0, rows, width);
  return [y];
}

/**
 * AssignColumns on the CPU engine (in place).
 * @example
 * cpuAssignColumns(cpu, [dst, src], { start: 8 }); // []
 */
export function cpuAssignColumns(engine: CpuEngine, [dst, src]: readonly Tensor[], { start }: AssignColumnsAttrs): Tensor[] {
  const [rows, cols] = matrixView(dst!.shape);
  const [, width] = matrixView(src!.shape);
  moveColumns(engine.data(src!), width, 0, engine.data(dst!), cols, start, rows, width);
  return [];
}
