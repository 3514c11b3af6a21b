/** The elementwise kernels as plain loops (f64 on the f64 reference engine): the yardstick. */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { BINARY, UNARY } from "./ops.ts";
import { binaryPlan, rowsCols, type BinaryAttrs, type Mode, type UnaryAttrs } from "./validate.ts";

/** Element (r, c) of an operand read in `mode`. */
function at(data: ArrayLike<number>, mode: Mode, r: number, c: number, cols: number): number {
  if (mode === "full") return data[r * cols + c]!;
  if (mode === "row") return data[c]!;
  if (mode === "col") return data[r]!;
  return data[0]!;
}

export function referenceUnary(engine: CpuEngine, [x]: readonly Tensor[], attrs: UnaryAttrs): Tensor[] {
  const f = UNARY[attrs.op]!.ref;
  const src = engine.data(x!);
  const out = engine.empty(x!.shape);
  const dst = engine.data(out);
  for (let i = 0; i < src.length; i++) dst[i] = f(src[i]!, attrs.alpha ?? 0, attrs.beta ?? 0, i, (attrs.seed ?? 0) >>> 0);
  return [out];
}

export function referenceBinary(engine: CpuEngine, [a, b]: readonly Tensor[], attrs: BinaryAttrs): Tensor[] {
  const { shape, modes } = binaryPlan(a!, b!);
  const f = BINARY[attrs.op]!.ref;
  const [rows, cols] = rowsCols(shape);
  const da = engine.data(a!);
  const db = engine.data(b!);
  const out = attrs.inPlace ? a! : engine.empty(shape);
  const dst = engine.data(out);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) dst[r * cols + c] = f(at(da, modes[0], r, c, cols), at(db, modes[1], r, c, cols), attrs.alpha ?? 0);
  }
  return attrs.inPlace ? [] : [out];
}

export function referenceCopy(engine: CpuEngine, [x]: readonly Tensor[], attrs: { shape: readonly number[] }): Tensor[] {
  const out = engine.empty(attrs.shape, x!.dtype);
  const src = engine.data(x!);
  const dst = engine.data(out);
  for (let i = 0; i < src.length; i++) dst[i] = src[i]!;
  return [out];
}
