/**
 * Input checks shared by the emitters: every message names the layer prefix and both sizes.
 */
import type { OnnxGraph } from "./graph.ts";

/**
 * Throws a RangeError unless `data` holds exactly the product of `dims` values.
 * @example
 * checkLength("user_mlp.0", "weight", w, [inDim, outDim]);
 */
export function checkLength(prefix: string, what: string, data: ArrayLike<unknown>, dims: number[]): void {
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 1) throw new RangeError(`${prefix}: ${what} dims [${dims.join(", ")}] must be positive integers`);
  }
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    const want = dims.length === 1 ? `${size}` : `${dims.join("×")} = ${size}`;
    throw new RangeError(`${prefix}: ${what} has ${data.length} values, expected ${want}`);
  }
}

/**
 * Throws when the graph knows `x`'s last dim and it is a number other than `want`.
 * @example
 * checkLastDim(g, "user_mlp.0", x, 64);
 */
export function checkLastDim(g: OnnxGraph, prefix: string, x: string, want: number): void {
  const dims = g.shapeOf(x);
  const last = dims?.[dims.length - 1];
  if (typeof last === "number" && last !== want) {
    throw new RangeError(`${prefix}: input ${x} has last dim ${last}, expected ${want}`);
  }
}
