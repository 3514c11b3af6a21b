/**
 * Input checks of "SliceColumns" and "AssignColumns". Tensors are viewed as matrices [R, C]
 * with C the last dimension and R the product of the others (so [5, 0] has 5 rows); either
 * dtype works, as both kernels only move values.
 */
import { shapeText, type Tensor } from "../../tensor/tensor.ts";

export interface SliceColumnsAttrs {
  /** First column taken. */
  start: number;
  /** Number of columns taken. */
  width: number;
}

export interface AssignColumnsAttrs {
  /** First column of dst written. */
  start: number;
}

/**
 * The matrix view [R, C] of a shape of rank ≥ 1.
 * @example
 * matrixView([2, 3, 4]); // [6, 4]
 */
export function matrixView(shape: readonly number[]): [number, number] {
  return [shape.slice(0, -1).reduce((p, d) => p * d, 1), shape[shape.length - 1]!];
}

function checkColumn(kernel: string, what: string, value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 0) throw new RangeError(`${kernel}: ${what} is ${String(value)}, expected a non-negative integer`);
  return value as number;
}

/**
 * Throws naming "SliceColumns" unless columns start … start + width − 1 exist in x.
 * @example
 * validateSliceColumns([x], { start: 2, width: 3 });
 */
export function validateSliceColumns(inputs: readonly Tensor[], attrs: SliceColumnsAttrs): void {
  if (inputs.length !== 1) throw new RangeError(`SliceColumns: found ${inputs.length} inputs, expected [x]`);
  const x = inputs[0]!;
  if (x.rank < 1) throw new RangeError(`SliceColumns: x ${shapeText(x.shape)} has rank 0, expected rank ≥ 1`);
  const start = checkColumn("SliceColumns", "start", attrs.start);
  const width = checkColumn("SliceColumns", "width", attrs.width);
  const [, cols] = matrixView(x.shape);
  if (start + width > cols) throw new RangeError(`SliceColumns: columns ${start}..${start + width} (start ${start}, width ${width}) of x ${shapeText(x.shape)}, which has ${cols}`);
}

/**
 * Throws naming "AssignColumns" unless src fits dst's columns start … start + w − 1, row for row.
 * @example
 * validateAssignColumns([dst, src], { start: 4 });
 */
export function validateAssignColumns(inputs: readonly Tensor[], attrs: AssignColumnsAttrs): void {
  if (inputs.length !== 2) throw new RangeError(`AssignColumns: found ${inputs.length} inputs, expected [dst, src]`);
  const [dst, src] = inputs as [Tensor, Tensor];
  const both = `dst ${shapeText(dst.shape)} and src ${shapeText(src.shape)}`;
  if (dst === src) throw new RangeError(`AssignColumns: ${both}: dst and src are the same tensor`);
  if (dst.rank < 1 || src.rank < 1) throw new RangeError(`AssignColumns: ${both}: expected rank ≥ 1`);
  if (dst.dtype !== src.dtype) throw new RangeError(`AssignColumns: ${both}: dtypes ${dst.dtype} and ${src.dtype} differ`);
  const start = checkColumn("AssignColumns", "start", attrs.start);
  const [rows, cols] = matrixView(dst.shape);
  const [srcRows, width] = matrixView(src.shape);
  if (rows !== srcRows) throw new RangeError(`AssignColumns: ${both}: ${rows} and ${srcRows} rows differ`);
  if (start + width > cols) throw new RangeError(`AssignColumns: ${both}: columns ${start}..${start + width} do not fit in ${cols}`);
}

/**
 * SliceColumns' output shape: x's with the last dimension replaced by `width`.
 * @example
 * slicedShape([4, 2, 9], 3); // [4, 2, 3]
 */
export function slicedShape(shape: readonly number[], width: number): number[] {
  return [...shape.slice(0, -1), width];
}
