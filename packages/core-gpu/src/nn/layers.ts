/**
 * Layer modules: Linear, MLP, Embedding, EmbeddingBag. Each owns its parameters (tensors with
 * requiresGrad, kept out of tidy scopes), computes a forward pass from the differentiable ops,
 * and appends its inference graph to an ONNX export with the same weights.
 */
import { keep } from "../tensor/scope.ts";
import type { Tensor, TensorEngine } from "../tensor/tensor.ts";
import { initValues, Rng, type InitSpec } from "./init.ts";
import { emitActivation, emitEmbedding, emitEmbeddingBag, emitLinear, type OnnxGraph } from "./onnx/index.ts";
import { dropout, relu, reluDropout, sigmoid, tanh } from "./ops/elementwise.ts";
import { embedding, embeddingBag, type BagBatch, type IdBatch } from "./ops/embedding.ts";
import { linear } from "./ops/linalg.ts";

/** Anything with named parameters (for optimisers and checkpoints). */
export interface Module {
  parameters(): Map<string, Tensor>;
}

/** A trainable tensor on `engine` holding `values`. */
export function parameter(engine: TensorEngine, values: Float32Array, shape: readonly number[]): Tensor {
  const t = keep(engine.fromHost(values, shape));
  t.requiresGrad = true;
  return t;
}

export class Linear implements Module {
  readonly weight: Tensor;
  readonly bias: Tensor | undefined;
  /**
   * y = x·W + b, W [in, out] (PyTorch stores [out, in]; this is ONNX Gemm's layout).
   * @example
   * const fc = new Linear(engine, 64, 32, { rng: new Rng(1) });
   */
  constructor(engine: TensorEngine, readonly inDim: number, readonly outDim: number, o: { bias?: boolean; init?: InitSpec; rng: Rng }) {
    this.weight = parameter(engine, initValues(o.init ?? { kind: "xavierUniform" }, inDim * outDim, inDim, outDim, o.rng), [inDim, outDim]);
    this.bias = o.bias === false ? undefined : parameter(engine, new Float32Array(outDim), [outDim]);
  }
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
  parameters(): Map<string, Tensor> {
    const m = new Map([["weight", this.weight]]);
    if (this.bias) m.set("bias", this.bias);
    return m;
  }
  async exportOnnx(g: OnnxGraph, x: string, prefix: string): Promise<string> {
    const w = (await this.weight.read()) as Float32Array;
    const b = this.bias ? ((await this.bias.read()) as Float32Array) : undefined;
    return emitLinear(g, x, w, b, this.inDim, this.outDim, prefix);
  }
}

export type Activation = "relu" | "tanh" | "sigmoid";

export class MLP implements Module {
  readonly layers: Linear[];
  /**
   * Linear layers dims[0]→dims[1]→…; `activation` between layers and, when `lastActivation`,
   * after the last (Merlin's towers end linear). `dropout` applies after each hidden activation
   * in training.
   * @example
   * const tower = new MLP(engine, [64, 128, 64], { rng, lastActivation: false });
   */
  constructor(engine: TensorEngine, readonly dims: readonly number[], readonly o: { activation?: Activation; lastActivation?: boolean; dropout?: number; init?: InitSpec; rng: Rng }) {
    if (dims.length < 2) throw new RangeError(`MLP: dims [${dims}] need at least an input and an output size`);
    this.layers = dims.slice(1).map((d, i) => new Linear(engine, dims[i]!, d, { rng: o.rng, init: o.init ?? { kind: (o.activation ?? "relu") === "relu" ? "heUniform" : "xavierUniform" } }));
  }
  /** `training` with a `seed` turns dropout on (a new seed each step). */
  forward(x: Tensor, training?: { seed: number }): Tensor {
    let h = x;
    const activation = this.o.activation ?? "relu";
    this.layers.forEach((layer, i) => {
      h = layer.forward(h);
      const last = i === this.layers.length - 1;
      const drop = !last && training && this.o.dropout ? (training.seed + i * 0x9e3779b9) >>> 0 : undefined;
      // ReLU then dropout fused: one pass, and no mask redrawn in backward (same values).
      if (drop !== undefined && activation === "relu") h = reluDropout(h, this.o.dropout!, drop);
      else {
        if (!last || this.o.lastActivation) h = activate(h, activation);
        if (drop !== undefined) h = dropout(h, this.o.dropout!, drop);
      }
    });
    return h;
  }
  parameters(): Map<string, Tensor> {
    const m = new Map<string, Tensor>();
    this.layers.forEach((l, i) => l.parameters().forEach((t, n) => m.set(`${i}.${n}`, t)));
    return m;
  }
  async exportOnnx(g: OnnxGraph, x: string, prefix: string): Promise<string> {
    let h = x;
    for (const [i, layer] of this.layers.entries()) {
      h = await layer.exportOnnx(g, h, `${prefix}.${i}`);
      if (i < this.layers.length - 1 || this.o.lastActivation) h = emitActivation(g, h, this.o.activation ?? "relu");
    }
    return h;
  }
}

function activate(x: Tensor, a: Activation): Tensor {
  return a === "relu" ? relu(x) : a === "tanh" ? tanh(x) : sigmoid(x);
}

export class Embedding implements Module {
  readonly table: Tensor;
  /** A [rows, dim] table (default init: normal, std 0.01… as scale says). */
  constructor(engine: TensorEngine, readonly rows: number, readonly dim: number, o: { init?: InitSpec; rng: Rng }) {
    this.table = parameter(engine, initValues(o.init ?? { kind: "normal", scale: 0.01 }, rows * dim, rows, dim, o.rng), [rows, dim]);
  }
  forward(batch: IdBatch): Tensor {
    return embedding(this.table, batch);
  }
  parameters(): Map<string, Tensor> {
    return new Map([["table", this.table]]);
  }
  async exportOnnx(g: OnnxGraph, ids: string, prefix: string): Promise<string> {
    return emitEmbedding(g, ids, (await this.table.read()) as Float32Array, this.rows, this.dim, prefix);
  }
}

export class EmbeddingBag implements Module {
  readonly table: Tensor;
  constructor(engine: TensorEngine, readonly rows: number, readonly dim: number, readonly mode: "sum" | "mean", o: { init?: InitSpec; rng: Rng }) {
    this.table = parameter(engine, initValues(o.init ?? { kind: "normal", scale: 0.01 }, rows * dim, rows, dim, o.rng), [rows, dim]);
  }
  forward(bags: BagBatch): Tensor {
    if (bags.mode !== this.mode) throw new RangeError(`EmbeddingBag: bags prepared for "${bags.mode}", the layer pools by "${this.mode}"`);
    return embeddingBag(this.table, bags);
  }
  parameters(): Map<string, Tensor> {
    return new Map([["table", this.table]]);
  }
  /** Exported padded: ids int64 [B, L] and weights float [B, L] (0 on padding). */
  async exportOnnx(g: OnnxGraph, ids: string, weights: string, prefix: string): Promise<string> {
    return emitEmbeddingBag(g, ids, weights, (await this.table.read()) as Float32Array, this.rows, this.dim, this.mode, prefix);
  }
}

export { Rng };
