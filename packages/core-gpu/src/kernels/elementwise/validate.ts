/**
 * Input checks of the elementwise kernels and the broadcasting rule. Tensors are seen as 2-D
 * [R, C] with C the last dimension; the output takes the shape of the larger operand, and the
 * other operand is either the same shape ("full"), one row [C] / [1, C] repeated ("row"), one
 * column [R, 1] ("col"), or one value ("scalar").
 */
import { sameShape, shapeText, type Tensor } from "../../tensor/tensor.ts";
import { BINARY, UNARY } from "./ops.ts";

export type Mode = "full" | "row" | "col" | "scalar";

export interface UnaryAttrs {
  op: string;
  alpha?: number;
  beta?: number;
  seed?: number;
}

export interface BinaryAttrs {
  op: string;
  alpha?: number;
  /** Write the result into input 0 (which must have the output's shape); returns []. */
  inPlace?: boolean;
}

/** [R, C] of a shape (C = last dimension; a scalar shape [] is [1, 1]). */
export function rowsCols(shape: readonly number[]): [number, number] {
  const c = shape.length === 0 ? 1 : shape[shape.length - 1]!;
  const n = shape.reduce((p, d) => p * d, 1);
  return [c === 0 ? 0 : n / c, c];
}

/** How operand `t` is read against the output shape, or undefined if it does not broadcast. */
export function broadcastMode(t: readonly number[], out: readonly number[]): Mode | undefined {
  if (sameShape(t, out)) return "full";
  const size = t.reduce((p, d) => p * d, 1);
  const [r, c] = rowsCols(out);
  if (size === 1) return "scalar";
  const last = t.length === 0 ? 1 : t[t.length - 1]!;
  if (size === c && last === c) return "row";
  if (size === r && last === 1) return "col";
  return undefined;
}

/** Output shape and the operand modes of a binary kernel; throws naming both shapes. */
export function binaryPlan(a: Tensor, b: Tensor, kernel = "Binary"): { shape: readonly number[]; modes: [Mode, Mode] } {
  const shape = a.size >= b.size ? a.shape : b.shape;
  const ma = broadcastMode(a.shape, shape);
  const mb = broadcastMode(b.shape, shape);
  if (!ma || !mb) {
    throw new RangeError(`${kernel}: shapes ${shapeText(a.shape)} and ${shapeText(b.shape)} do not broadcast (expected equal shapes, a row [C], a column [R, 1], or a single value)`);
  }
  return { shape, modes: [ma, mb] };
}

export function validateUnary(inputs: readonly Tensor[], attrs: UnaryAttrs): void {
  if (inputs.length !== 1) throw new RangeError(`Unary ${attrs.op}: found ${inputs.length} inputs, expected 1`);
  if (!UNARY[attrs.op]) throw new RangeError(`Unary: unknown op "${attrs.op}" (known: ${Object.keys(UNARY).join(", ")})`);
  if (inputs[0]!.dtype !== "f32") throw new RangeError(`Unary ${attrs.op}: input ${shapeText(inputs[0]!.shape)} is ${inputs[0]!.dtype}, expected f32`);
  if ((attrs.op === "dropout" || attrs.op === "reluDropout") && !(attrs.alpha! >= 0 && attrs.alpha! < 1)) throw new RangeError(`Unary ${attrs.op}: probability ${attrs.alpha} is not in [0, 1)`);
}

export function validateBinary(inputs: readonly Tensor[], attrs: BinaryAttrs): void {
  if (inputs.length !== 2) throw new RangeError(`Binary ${attrs.op}: found ${inputs.length} inputs, expected 2`);
  if (!BINARY[attrs.op]) throw new RangeError(`Binary: unknown op "${attrs.op}" (known: ${Object.keys(BINARY).join(", ")})`);
  const [a, b] = inputs as [Tensor, Tensor];
  for (const t of [a, b]) if (t.dtype !== "f32") throw new RangeError(`Binary ${attrs.op}: input ${shapeText(t.shape)} is ${t.dtype}, expected f32`);
  const { shape } = binaryPlan(a, b, `Binary ${attrs.op}`);
  if (attrs.inPlace && !sameShape(a.shape, shape)) {
    throw new RangeError(`Binary ${attrs.op} in place: input 0 ${shapeText(a.shape)} cannot hold the result ${shapeText(shape)}`);
  }
}

export function validateCopy(inputs: readonly Tensor[], attrs: { shape: readonly number[] }): void {
  const n = attrs.shape.reduce((p, d) => p * d, 1);
  if (inputs.length !== 1 || inputs[0]!.size !== n) {
    throw new RangeError(`Copy: cannot reshape ${shapeText(inputs[0]?.shape ?? [])} (${inputs[0]?.size} elements) to ${shapeText(attrs.shape)} (${n})`);
  }
}
