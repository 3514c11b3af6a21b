/**
 * Optimisers over dense and row-sparse gradients: SGD (momentum, Nesterov), Adam / AdamW,
 * Adagrad, FTRL-Proximal. A row-sparse gradient (an embedding table's) runs the lazy update:
 * only the touched rows of the table and of its moments change. Updates are in-place kernels
 * recorded on the engine, so a step never waits for the device; global-norm clipping computes
 * its factor on the device too (clipGradNorm) and the updates read it from there.
 */
import { runKernel } from "../tensor/registry.ts";
import { keep } from "../tensor/scope.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { isRowSparse, type Grad } from "./grad.ts";
import { binaryK, copyK, reduceK, unaryK } from "./ops/kernel-calls.ts";

type Kind = "sgd" | "adam" | "adagrad" | "ftrl";

const KERNELS: Record<Kind, { dense: string; sparse: string; states: (o: any) => number }> = {
  sgd: { dense: "SgdUpdate", sparse: "SparseSgdUpdate", states: (o) => ((o.momentum ?? 0) > 0 ? 1 : 0) },
  adam: { dense: "AdamUpdate", sparse: "SparseAdamUpdate", states: () => 2 },
  adagrad: { dense: "AdagradUpdate", sparse: "SparseAdagradUpdate", states: () => 1 },
  ftrl: { dense: "FtrlUpdate", sparse: "SparseFtrlUpdate", states: () => 2 },
};

export abstract class Optimiser {
  /** Steps taken (Adam's bias correction uses it, 1-based inside step()). */
  stepCount = 0;
  /** State tensors per parameter (moments, accumulators), created on first update. */
  readonly state = new Map<Tensor, Tensor[]>();

  protected constructor(private readonly kind: Kind, protected readonly attrs: Record<string, number | boolean>) {}

  /** The learning rate of the next steps (FTRL's alpha): a schedule sets it before each step. */
  get lr(): number {
    return Number(this.attrs[this.kind === "ftrl" ? "alpha" : "lr"]);
  }

  set lr(value: number) {
    if (!(value >= 0 && Number.isFinite(value))) throw new RangeError(`learning rate must be finite and ≥ 0, got ${value}`);
    this.attrs[this.kind === "ftrl" ? "alpha" : "lr"] = value;
  }

  /**
   * Applies one update to every parameter in `grads`. `gradScale` (from clipGradNorm) multiplies
   * the gradients first.
   * @example
   * const { value, grads } = valueAndGrads(loss); opt.step(grads, clipGradNorm(grads, 1));
   */
  step(grads: Map<Tensor, Grad>, gradScale?: Tensor): void {
    this.stepCount++;
    const k = KERNELS[this.kind];
    const attrs = { ...this.attrs, step: this.stepCount, scaled: gradScale !== undefined };
    for (const [param, g] of grads) {
      const states = this.ensureState(param, k.states(this.attrs));
      const tail = gradScale ? [gradScale] : [];
      if (isRowSparse(g)) {
        if (this.kind === "sgd" && states.length > 0) throw new Error("SGD with momentum on a row-sparse gradient: momentum is dense by nature; use momentum 0 or Adam/Adagrad for embedding tables");
        runKernel(k.sparse, [param, g.rowsT, g.values, ...states, ...tail], attrs);
      } else {
        runKernel(k.dense, [param, g, ...states, ...tail], attrs);
      }
    }
  }

  /** The state tensors of `param`, created (zeros, or Adagrad's initial accumulator) if absent. */
  ensureState(param: Tensor, count: number): Tensor[] {
    let s = this.state.get(param);
    if (!s) {
      const init = this.kind === "adagrad" ? Number(this.attrs.initialAccumulator ?? 0) : 0;
      s = Array.from({ length: count }, () => keep(init === 0 ? param.engine.zeros(param.shape) : unaryK("fill", param, { beta: init })));
      this.state.set(param, s);
    }
    return s;
  }

  /** Frees the state tensors. */
  dispose(): void {
    for (const s of this.state.values()) s.forEach((t) => t.dispose());
    this.state.clear();
  }
}

/** PyTorch SGD: g += wd·p; v = μ·v + g; p −= lr·(nesterov ? g + μ·v : v). */
export class SGD extends Optimiser {
  constructor(o: { lr: number; momentum?: number; nesterov?: boolean; weightDecay?: number }) {
    super("sgd", { lr: o.lr, momentum: o.momentum ?? 0, nesterov: o.nesterov ?? false, weightDecay: o.weightDecay ?? 0 });
  }
}

/** Adam (Kingma & Ba); `decoupled` makes it AdamW (Loshchilov & Hutter). Lazy on row-sparse gradients. */
export class Adam extends Optimiser {
  constructor(o: { lr?: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number; decoupled?: boolean } = {}) {
    super("adam", { lr: o.lr ?? 1e-3, beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999, eps: o.eps ?? 1e-8, weightDecay: o.weightDecay ?? 0, decoupled: o.decoupled ?? false });
  }
}

/** AdamW: Adam with decoupled weight decay (default 0.01, PyTorch's). */
export class AdamW extends Adam {
  constructor(o: { lr?: number; beta1?: number; beta2?: number; eps?: number; weightDecay?: number } = {}) {
    super({ ...o, weightDecay: o.weightDecay ?? 0.01, decoupled: true });
  }
}

/** Adagrad (Duchi et al.): accum += g²; p −= lr·g / (√accum + eps). */
export class Adagrad extends Optimiser {
  constructor(o: { lr?: number; eps?: number; weightDecay?: number; initialAccumulator?: number } = {}) {
    super("adagrad", { lr: o.lr ?? 0.01, eps: o.eps ?? 1e-10, weightDecay: o.weightDecay ?? 0, initialAccumulator: o.initialAccumulator ?? 0 });
  }
}

/** FTRL-Proximal (McMahan et al. 2013), for wide linear parts; l1 gives sparse weights. */
export class Ftrl extends Optimiser {
  constructor(o: { alpha?: number; beta?: number; l1?: number; l2?: number } = {}) {
    super("ftrl", { alpha: o.alpha ?? 0.05, beta: o.beta ?? 1, l1: o.l1 ?? 0, l2: o.l2 ?? 0 });
  }
}

/**
 * The factor min(1, maxNorm / (‖g‖ + 1e-6)) over all gradients' global L2 norm, as a
 * tensor ([1]) computed on the device (PyTorch's clip_grad_norm_); pass it to `step`.
 * @example
 * opt.step(grads, clipGradNorm(grads, 5));
 */
export function clipGradNorm(grads: Map<Tensor, Grad>, maxNorm: number): Tensor | undefined {
  let total: Tensor | undefined;
  for (const g of grads.values()) {
    const values = isRowSparse(g) ? g.values : g;
    if (values.size === 0) continue;
    const sq = reduceK("sumSquares", values, "all");
    total = total ? binaryK("add", total, sq) : sq;
  }
  return total && copyK(unaryK("clipScale", total, { alpha: maxNorm }), [1]);
}
