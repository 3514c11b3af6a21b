/** Differentiable reshapes, and concatenation / slicing along the feature (last) axis. */
import { runKernel } from "../../tensor/registry.ts";
import { shapeText, type Tensor } from "../../tensor/tensor.ts";
import { rowsCols } from "../../kernels/elementwise/index.ts";
import { record } from "../tape.ts";
import { copyK } from "./kernel-calls.ts";

/** The same values in another shape (fresh storage; x itself when the shape is unchanged). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const y = copyK(x, shape);
  return y === x ? x : record("reshape", [x], y, (dy) => [copyK(dy, x.shape)]);
}

/** Columns [start, start+width) of x viewed as [rows, cols]. */
function sliceK(x: Tensor, start: number, width: number): Tensor {
  return runKernel("SliceColumns", [x], { start, width })[0]!;
}

/**
 * Concatenates tensors with equal row counts along the last axis ([B, d1], [B, d2] → [B, d1+d2]).
 * @example
 * const h = concat([userEmb, historyEmb]);
 */
export function concat(xs: readonly Tensor[]): Tensor {
  if (xs.length === 0) throw new RangeError("concat: no tensors");
  const rows = rowsCols(xs[0]!.shape)[0];
  for (const x of xs) {
    if (rowsCols(x.shape)[0] !== rows) throw new RangeError(`concat: shapes ${xs.map((t) => shapeText(t.shape)).join(", ")} have different row counts`);
  }
  const widths = xs.map((x) => rowsCols(x.shape)[1]);
  const total = widths.reduce((p, w) => p + w, 0);
  const out = xs[0]!.engine.empty([rows, total]);
  let start = 0;
  xs.forEach((x, k) => {
    runKernel("AssignColumns", [out, copyK(x, [rows, widths[k]!])], { start });
    start += widths[k]!;
  });
  return record("concat", xs, out, (dy) => {
    let at = 0;
    return xs.map((x, k) => {
      const s = at;
      at += widths[k]!;
      return x.requiresGrad ? copyK(sliceK(dy, s, widths[k]!), x.shape) : undefined;
    });
  });
}

/**
 * Columns [start, start+width) of x ([B, C] → [B, width]).
 * @example
 * const [wide, deep] = [sliceColumns(h, 0, 8), sliceColumns(h, 8, 56)];
 */
export function sliceColumns(x: Tensor, start: number, width: number): Tensor {
  const [rows, cols] = rowsCols(x.shape);
  const y = sliceK(copyK(x, [rows, cols]), start, width);
  return record("sliceColumns", [x], y, (dy) => {
    const dx = x.engine.zeros([rows, cols]);
    runKernel("AssignColumns", [dx, dy], { start });
    return [copyK(dx, x.shape)];
  });
}

/** Splits the last axis into parts of the given widths. */
export function split(x: Tensor, widths: readonly number[]): Tensor[] {
  const cols = rowsCols(x.shape)[1];
  const sum = widths.reduce((p, w) => p + w, 0);
  if (sum !== cols) throw new RangeError(`split: widths ${widths.join("+")} = ${sum}, but ${shapeText(x.shape)} has ${cols} columns`);
  let at = 0;
  return widths.map((w) => {
    const s = at;
    at += w;
    return sliceColumns(x, s, w);
  });
}
