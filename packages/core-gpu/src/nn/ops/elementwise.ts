/**
 * Differentiable elementwise operations (broadcasting rows, columns and scalars as the Binary
 * kernel does; the gradient of a broadcast operand is summed back to its shape).
 */
import type { Tensor } from "../../tensor/tensor.ts";
import { record } from "../tape.ts";
import { binaryK, sumToShape, unaryK } from "./kernel-calls.ts";

function binaryOp(op: "add" | "sub" | "mul" | "div", a: Tensor, b: Tensor): Tensor {
  const y = binaryK(op, a, b);
  return record(op, [a, b], y, (dy) => {
    let da: Tensor | undefined, db: Tensor | undefined;
    if (a.requiresGrad) da = op === "mul" ? binaryK("mul", dy, b) : op === "div" ? binaryK("div", dy, b) : dy;
    if (b.requiresGrad) {
      if (op === "add") db = dy;
      else if (op === "sub") db = unaryK("neg", dy);
      else if (op === "mul") db = binaryK("mul", dy, a);
      else db = unaryK("neg", binaryK("div", binaryK("mul", dy, y), b)); // d(a/b)/db = −y/b
    }
    return [da && sumToShape(da, a.shape, y.shape), db && sumToShape(db, b.shape, y.shape)];
  });
}

/** a + b (broadcasting). */
export const add = (a: Tensor, b: Tensor): Tensor => binaryOp("add", a, b);
/** a − b (broadcasting). */
export const sub = (a: Tensor, b: Tensor): Tensor => binaryOp("sub", a, b);
/** a · b elementwise (broadcasting). */
export const mul = (a: Tensor, b: Tensor): Tensor => binaryOp("mul", a, b);
/** a / b elementwise (broadcasting). */
export const div = (a: Tensor, b: Tensor): Tensor => binaryOp("div", a, b);

/** alpha·x + beta. */
export function affine(x: Tensor, alpha: number, beta = 0): Tensor {
  return record("affine", [x], unaryK("affine", x, { alpha, beta }), (dy) => [unaryK("affine", dy, { alpha, beta: 0 })]);
}
/** s·x. */
export const scale = (x: Tensor, s: number): Tensor => affine(x, s, 0);
/** −x. */
export const neg = (x: Tensor): Tensor => affine(x, -1, 0);

/** max(x, 0). */
export function relu(x: Tensor): Tensor {
  return record("relu", [x], unaryK("relu", x), (dy) => [binaryK("reluGrad", dy, x)]);
}
/** 1 / (1 + e^−x). */
export function sigmoid(x: Tensor): Tensor {
  const y = unaryK("sigmoid", x);
  return record("sigmoid", [x], y, (dy) => [binaryK("sigmoidGrad", dy, y)]);
}
/** tanh x. */
export function tanh(x: Tensor): Tensor {
  const y = unaryK("tanh", x);
  return record("tanh", [x], y, (dy) => [binaryK("tanhGrad", dy, y)]);
}
/** e^x. */
export function exp(x: Tensor): Tensor {
  const y = unaryK("exp", x);
  return record("exp", [x], y, (dy) => [binaryK("mul", dy, y)]);
}
/** ln x. */
export function log(x: Tensor): Tensor {
  return record("log", [x], unaryK("log", x), (dy) => [binaryK("div", dy, x)]);
}
/** √x. */
export function sqrt(x: Tensor): Tensor {
  const y = unaryK("sqrt", x);
  return record("sqrt", [x], y, (dy) => [unaryK("affine", binaryK("div", dy, y), { alpha: 0.5 })]);
}
/** x². */
export function square(x: Tensor): Tensor {
  return record("square", [x], unaryK("square", x), (dy) => [binaryK("mul", dy, unaryK("affine", x, { alpha: 2 }))]);
}
/** |x|. */
export function abs(x: Tensor): Tensor {
  return record("abs", [x], unaryK("abs", x), (dy) => [binaryK("absGrad", dy, x)]);
}
/** ln(1 + e^x), computed stably. */
export function softplus(x: Tensor): Tensor {
  return record("softplus", [x], unaryK("softplus", x), (dy) => [binaryK("mul", dy, unaryK("sigmoid", x))]);
}

/**
 * Inverted dropout: zeroes each element with probability `p` and scales survivors by 1/(1−p).
 * The mask comes from (seed, element index), so the same seed drops the same elements on every
 * engine, and the backward pass recomputes it. Pass a new seed every step.
 * @example
 * const h = training ? dropout(x, 0.1, rng.u32()) : x;
 */
export function dropout(x: Tensor, p: number, seed: number): Tensor {
  if (p === 0) return x;
  const attrs = { alpha: p, beta: 1 / (1 - p), seed: seed >>> 0 };
  return record("dropout", [x], unaryK("dropout", x, attrs), (dy) => [unaryK("dropout", dy, attrs)]);
}

/**
 * dropout(relu(x), p, seed) as one op: the same values and mask as the two ops in sequence, in
 * one pass over x, and a backward that reads only the output (y > 0 exactly where the element was
 * kept and x > 0), so the mask is drawn once per step instead of twice.
 * @example
 * const h = training ? reluDropout(x, 0.2, seed) : relu(x);
 */
export function reluDropout(x: Tensor, p: number, seed: number): Tensor {
  if (p === 0) return relu(x);
  const scale = 1 / (1 - p);
  const y = unaryK("reluDropout", x, { alpha: p, beta: scale, seed: seed >>> 0 });
  return record("reluDropout", [x], y, (dy) => [binaryK("reluDropoutGrad", dy, y, scale)]);
}
