/**
 * The reference column kernels: an element-by-element copy between matching rows (works on
 * Float64Array storage too).
 */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { matrixView, slicedShape, type AssignColumnsAttrs, type SliceColumnsAttrs } from "./validate.ts";

/**
 * y[r][j] = x[r][start + j] for j < width.
 * @example
 * const [y] = referenceSliceColumns(ref, [x], { start: 1, width: 2 });
 */
export function referenceSliceColumns(engine: CpuEngine, [x]: readonly Tensor[], { start, width }: SliceColumnsAttrs): Tensor[] {
  const [rows, cols] = matrixView(x!.shape);
  const y = engine.empty(slicedShape(x!.shape, width), x!.dtype);
  const X = engine.data(x!);
  const Y = engine.data(y);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) Y[r * width + j] = X[r * cols + start + j]!;
  return [y];
}

/**
 * dst[r][start + j] = src[r][j] for every column j of src, in place.
 * @example
 * referenceAssignColumns(ref, [dst, src], { start: 3 }); // []
 */
export function referenceAssignColumns(engine: CpuEngine, [dst, src]: readonly Tensor[], { start }: AssignColumnsAttrs): Tensor[] {
  const [rows, cols] = matrixView(dst!.shape);
  const [, width] = matrixView(src!.shape);
  const D = engine.data(dst!);
  const S = engine.data(src!);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) D[r * cols + start + j] = S[r * width + j]!;
  return [];
}
