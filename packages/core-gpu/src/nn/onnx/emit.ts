/**
 * Emitters for dense layers: Linear, activations, MLP. Each appends nodes to an OnnxGraph and
 * returns the name of its output tensor; weights become initializers named after the layer prefix.
 */
import { checkLastDim, checkLength } from "./check.ts";
import type { OnnxGraph } from "./graph.ts";

/** Activations the emitters know. */
export type Activation = "relu" | "sigmoid" | "tanh" | "none";

const ACTIVATION_OP = { relu: "Relu", sigmoid: "Sigmoid", tanh: "Tanh" } as const;

/**
 * y = x·W + b for x [..., inDim], W stored [inDim, outDim] row-major, b [outDim] (optional).
 * A 2-D x (rank known to the graph) becomes one Gemm; any other rank MatMul (+ Add).
 * @example
 * const h = emitLinear(g, x, w, b, 16, 8, "scorer.0"); // [batch, 8]
 */
export function emitLinear(
  g: OnnxGraph, x: string, weight: Float32Array, bias: Float32Array | undefined,
  inDim: number, outDim: number, prefix: string,
): string {
  checkLength(prefix, "weight", weight, [inDim, outDim]);
  if (bias) checkLength(prefix, "bias", bias, [outDim]);
  checkLastDim(g, prefix, x, inDim);
  const w = g.initializer(g.uniqueName(`${prefix}.weight`), weight, [inDim, outDim]);
  const b = bias && g.initializer(g.uniqueName(`${prefix}.bias`), bias, [outDim]);
  const xDims = g.shapeOf(x);
  const y = g.uniqueName(`${prefix}.out`);
  if (xDims?.length === 2) {
    g.node("Gemm", b ? [x, w, b] : [x, w], [y]);
  } else if (b) {
    const m = g.uniqueName(`${prefix}.matmul`);
    g.node("MatMul", [x, w], [m]);
    g.node("Add", [m, b], [y]);
  } else {
    g.node("MatMul", [x, w], [y]);
  }
  if (xDims) g.setShape(y, [...xDims.slice(0, -1), outDim]);
  return y;
}

/**
 * Applies an elementwise activation; "none" returns x itself.
 * @example
 * const y = emitActivation(g, h, "relu");
 */
export function emitActivation(g: OnnxGraph, x: string, activation: Activation): string {
  if (activation === "none") return x;
  const op = ACTIVATION_OP[activation];
  if (!op) throw new RangeError(`emitActivation: unknown activation "${activation}"`);
  const y = g.uniqueName(`${x}.${activation}`);
  g.node(op, [x], [y]);
  const dims = g.shapeOf(x);
  if (dims) g.setShape(y, dims);
  return y;
}

/** One MLP layer: weight [inDim, outDim] row-major, optional bias [outDim]. */
export interface MlpLayer {
  weight: Float32Array;
  bias?: Float32Array;
  inDim: number;
  outDim: number;
}

/** Options of emitMlp. */
export interface MlpOptions {
  /** Activation after every hidden layer. */
  activation: Exclude<Activation, "none">;
  /** Also apply it after the last layer. */
  lastActivation: boolean;
  /** Initializer name prefix; layer i is `${prefix}.${i}` (default "mlp"). */
  prefix?: string;
}

/**
 * A stack of Linear layers with an activation between them (and after the last when asked).
 * @example
 * const y = emitMlp(g, x, [l0, l1], { activation: "relu", lastActivation: false, prefix: "user_mlp" });
 */
export function emitMlp(g: OnnxGraph, x: string, layers: MlpLayer[], opts: MlpOptions): string {
  const prefix = opts.prefix ?? "mlp";
  if (layers.length === 0) throw new RangeError(`${prefix}: an MLP needs at least one layer`);
  let h = x;
  layers.forEach((l, i) => {
    const prev = layers[i - 1];
    if (prev && prev.outDim !== l.inDim) {
      throw new RangeError(`${prefix}.${i}: inDim ${l.inDim} does not match the previous layer's outDim ${prev.outDim}`);
    }
    h = emitLinear(g, h, l.weight, l.bias, l.inDim, l.outDim, `${prefix}.${i}`);
    if (i < layers.length - 1 || opts.lastActivation) h = emitActivation(g, h, opts.activation);
  });
  return h;
}
