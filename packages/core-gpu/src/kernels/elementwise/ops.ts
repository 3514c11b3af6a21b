/**
 * The elementwise operations, each written three times on purpose: WGSL (f32, the GPU), a JS
 * expression the CPU engine compiles into a typed-array loop, and a plain function the reference
 * engine calls (f64). Expressions see `x` (unary) or `a`, `b` (binary), the attributes `alpha`,
 * `beta`, and for dropout the element's global index `gi` and `seed`.
 *
 * Dropout draws its mask from a counter-based hash of (seed, element index), the same u32
 * arithmetic on every engine, so a seed gives the same mask on CPU and GPU and the backward pass
 * recomputes the mask instead of storing it.
 */

export interface UnaryOp {
  wgsl: string;
  js: string;
  ref: (x: number, alpha: number, beta: number, gi: number, seed: number) => number;
}

export interface BinaryOp {
  wgsl: string;
  js: string;
  ref: (a: number, b: number, alpha: number) => number;
}

/** 32-bit integer hash (lowbias32 by Chris Wellons): the same bits in JS and WGSL. */
export function hash32(v: number): number {
  let x = v >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

export const HASH32_WGSL = `fn hash32(v: u32) -> u32 {
  var x = v;
  x = x ^ (x >> 16u); x = x * 0x7feb352du; x = x ^ (x >> 15u); x = x * 0x846ca68bu; x = x ^ (x >> 16u);
  return x;
}
fn keepDropout(seed: u32, gi: u32, p: f32) -> bool { return f32(hash32(seed ^ hash32(gi)) >> 8u) * (1.0 / 16777216.0) >= p; }`;

/** Whether dropout keeps element `gi` (uniform draw in [0,1) from 24 hash bits, kept when ≥ p). */
export function keepDropout(seed: number, gi: number, p: number): boolean {
  return (hash32(seed ^ hash32(gi)) >>> 8) / 16777216 >= p;
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export const UNARY: Record<string, UnaryOp> = {
  neg: { wgsl: "-x", js: "-x", ref: (x) => -x },
  /** NaN stays NaN (as PyTorch), so a poisoned input is not hidden by the activation. */
  relu: { wgsl: "select(x, 0.0, x <= 0.0)", js: "(x <= 0 ? 0 : x)", ref: (x) => (x <= 0 ? 0 : x) },
  sigmoid: { wgsl: "select(exp(x) / (1.0 + exp(x)), 1.0 / (1.0 + exp(-x)), x >= 0.0)", js: "lib.sigmoid(x)", ref: sigmoid },
  tanh: { wgsl: "tanh(x)", js: "Math.tanh(x)", ref: Math.tanh },
  exp: { wgsl: "exp(x)", js: "Math.exp(x)", ref: Math.exp },
  log: { wgsl: "log(x)", js: "Math.log(x)", ref: Math.log },
  sqrt: { wgsl: "sqrt(x)", js: "Math.sqrt(x)", ref: Math.sqrt },
  abs: { wgsl: "abs(x)", js: "Math.abs(x)", ref: Math.abs },
  square: { wgsl: "x * x", js: "x * x", ref: (x) => x * x },
  reciprocal: { wgsl: "1.0 / x", js: "1 / x", ref: (x) => 1 / x },
  /** alpha·x + beta */
  affine: { wgsl: "u.alpha * x + u.beta", js: "alpha * x + beta", ref: (x, alpha, beta) => alpha * x + beta },
  /** every element = beta (x only gives the shape) */
  fill: { wgsl: "u.beta", js: "beta", ref: (_x, _a, beta) => beta },
  softplus: { wgsl: "max(x, 0.0) + log(1.0 + exp(-abs(x)))", js: "(x > 0 ? x : 0) + Math.log1p(Math.exp(-Math.abs(x)))", ref: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))) },
  /** dropout with drop probability alpha, survivors scaled by beta (= 1/(1−p)) */
  dropout: {
    wgsl: "select(0.0, x * u.beta, keepDropout(u.seed, gi, u.alpha))",
    js: "(lib.keepDropout(seed, gi, alpha) ? x * beta : 0)",
    ref: (x, alpha, beta, gi, seed) => (keepDropout(seed, gi, alpha) ? x * beta : 0),
  },
  /**
   * dropout(relu(x)) in one pass (MLP hidden layers): the same mask as "dropout" with the same
   * seed, so the result equals relu then dropout exactly; its gradient needs only the output
   * (reluDropoutGrad), so backward draws no mask.
   */
  reluDropout: {
    wgsl: "select(0.0, select(x * u.beta, 0.0, x <= 0.0), keepDropout(u.seed, gi, u.alpha))",
    js: "(lib.keepDropout(seed, gi, alpha) ? (x <= 0 ? 0 : x * beta) : 0)",
    ref: (x, alpha, beta, gi, seed) => (keepDropout(seed, gi, alpha) ? (x <= 0 ? 0 : x * beta) : 0),
  },
  /** global-norm clipping factor from a sum of squares x: min(1, maxNorm(alpha) / (√x + 1e-6)) */
  clipScale: { wgsl: "min(1.0, u.alpha / (sqrt(x) + 1e-6))", js: "Math.min(1, alpha / (Math.sqrt(x) + 1e-6))", ref: (x, alpha) => Math.min(1, alpha / (Math.sqrt(x) + 1e-6)) },
};

export const BINARY: Record<string, BinaryOp> = {
  add: { wgsl: "a + b", js: "a + b", ref: (a, b) => a + b },
  sub: { wgsl: "a - b", js: "a - b", ref: (a, b) => a - b },
  mul: { wgsl: "a * b", js: "a * b", ref: (a, b) => a * b },
  div: { wgsl: "a / b", js: "a / b", ref: (a, b) => a / b },
  max: { wgsl: "max(a, b)", js: "(a > b ? a : b)", ref: (a, b) => (a > b ? a : b) },
  min: { wgsl: "min(a, b)", js: "(a < b ? a : b)", ref: (a, b) => (a < b ? a : b) },
  /** a + alpha·b */
  axpy: { wgsl: "a + u.alpha * b", js: "a + alpha * b", ref: (a, b, alpha) => a + alpha * b },
  /** dy·[x > 0] with a = dy, b = x */
  reluGrad: { wgsl: "select(0.0, a, b > 0.0)", js: "(b > 0 ? a : 0)", ref: (a, b) => (b > 0 ? a : 0) },
  /**
   * Gradient of reluDropout from its output b = y: dy·scale (alpha = 1/(1−p)) where y > 0, else
   * 0 — y > 0 exactly where the element was kept and x > 0 (NaN inputs give NaN outputs: 0).
   */
  reluDropoutGrad: { wgsl: "select(0.0, a * u.alpha, b > 0.0)", js: "(b > 0 ? a * alpha : 0)", ref: (a, b, alpha) => (b > 0 ? a * alpha : 0) },
  /** dy·y·(1 − y) with b = sigmoid output */
  sigmoidGrad: { wgsl: "a * b * (1.0 - b)", js: "a * b * (1 - b)", ref: (a, b) => a * b * (1 - b) },
  /** dy·(1 − y²) with b = tanh output */
  tanhGrad: { wgsl: "a * (1.0 - b * b)", js: "a * (1 - b * b)", ref: (a, b) => a * (1 - b * b) },
  /** dy·sign(x) */
  absGrad: { wgsl: "a * sign(b)", js: "a * Math.sign(b)", ref: (a, b) => a * Math.sign(b) },
  /** binary cross-entropy with logits a and targets b, elementwise */
  bceLogits: {
    wgsl: "max(a, 0.0) - a * b + log(1.0 + exp(-abs(a)))",
    js: "(a > 0 ? a : 0) - a * b + Math.log1p(Math.exp(-Math.abs(a)))",
    ref: (a, b) => Math.max(a, 0) - a * b + Math.log1p(Math.exp(-Math.abs(a))),
  },
  /** d bceLogits / d a = sigmoid(a) − b */
  bceLogitsGrad: { wgsl: "select(exp(a) / (1.0 + exp(a)), 1.0 / (1.0 + exp(-a)), a >= 0.0) - b", js: "lib.sigmoid(a) - b", ref: (a, b) => sigmoid(a) - b },
};

/** Helpers the compiled CPU loops call. */
export const LIB = { sigmoid, keepDropout };
