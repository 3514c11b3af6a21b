/**
 * Attributes of the optimiser updates and the constants every implementation derives from them
 * (defaults applied, Adam's bias corrections computed on the host in f64 from the 1-based step).
 * Defaults are PyTorch's (SGD, Adam/AdamW, Adagrad) and TensorFlow's (FTRL).
 */

/** The optional trailing `gradScale` input, which every update takes. */
export interface Scaled {
  /**
   * True when the last input is `gradScale` f32 [1]: gradients are multiplied by it first (global-
   * norm clipping computes it on the device). An attribute rather than the input count because
   * [param, grad, velocity] and [param, grad, gradScale] would be indistinguishable for SGD.
   */
  scaled?: boolean;
}

/** SgdUpdate: [param, grad] or [param, grad, velocity]; SparseSgdUpdate takes lr and weightDecay only. */
export interface SgdAttrs extends Scaled {
  lr: number;
  /** Default 0; non-zero needs the velocity input. */
  momentum?: number;
  /** L2 penalty added to the gradient (g += wd·p); default 0. */
  weightDecay?: number;
  /** Nesterov momentum (needs momentum > 0); default false. */
  nesterov?: boolean;
}

export interface AdamAttrs extends Scaled {
  lr: number;
  /** Defaults 0.9, 0.999, 1e-8. */
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Default 0. With `decoupled` (AdamW) p -= lr·wd·p first; otherwise g += wd·p (Adam). */
  weightDecay?: number;
  decoupled?: boolean;
  /** The 1-based step the bias corrections use (global for the lazy sparse update, as TF's LazyAdam). */
  step: number;
}

export interface AdagradAttrs extends Scaled {
  lr: number;
  /** Default 1e-10. */
  eps?: number;
  weightDecay?: number;
}

/** FTRL-Proximal (McMahan et al. 2013) with learning-rate power −0.5. */
export interface FtrlAttrs extends Scaled {
  alpha: number;
  /** Defaults 0 (TensorFlow's). */
  beta?: number;
  l1?: number;
  l2?: number;
}

export type UpdateAttrs = SgdAttrs | AdamAttrs | AdagradAttrs | FtrlAttrs;
export type UpdateKind = "sgd" | "adam" | "adagrad" | "ftrl";

/** Every constant a kernel needs, by kind, in the order the WGSL uniforms list them. */
export interface Consts {
  sgd: { lr: number; momentum: number; weightDecay: number; nesterov: boolean };
  adam: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; decoupled: boolean; stepSize: number; sqrtBc2: number };
  adagrad: { lr: number; eps: number; weightDecay: number };
  ftrl: { alpha: number; beta: number; l1: number; l2: number };
}

/**
 * The constants of an update with defaults applied.
 * @example
 * constsOf("adam", { lr: 1e-3, step: 1 }).stepSize; // 1e-3 / (1 − 0.9)
 */
export function constsOf<K extends UpdateKind>(kind: K, attrs: UpdateAttrs): Consts[K] {
  const a = attrs as SgdAttrs & AdamAttrs & AdagradAttrs & FtrlAttrs;
  switch (kind) {
    case "sgd":
      return { lr: a.lr, momentum: a.momentum ?? 0, weightDecay: a.weightDecay ?? 0, nesterov: a.nesterov ?? false } as Consts[K];
    case "adam": {
      const beta1 = a.beta1 ?? 0.9;
      const beta2 = a.beta2 ?? 0.999;
      return {
        lr: a.lr, beta1, beta2, eps: a.eps ?? 1e-8, weightDecay: a.weightDecay ?? 0, decoupled: a.decoupled ?? false,
        stepSize: a.lr / (1 - beta1 ** a.step), sqrtBc2: Math.sqrt(1 - beta2 ** a.step),
      } as Consts[K];
    }
    case "adagrad":
      return { lr: a.lr, eps: a.eps ?? 1e-10, weightDecay: a.weightDecay ?? 0 } as Consts[K];
    default:
      return { alpha: a.alpha, beta: a.beta ?? 0, l1: a.l1 ?? 0, l2: a.l2 ?? 0 } as Consts[K];
  }
}

/**
 * Uniform values of a kind's constants, in `Consts` order (booleans as 0/1).
 * @example
 * constValues(constsOf("sgd", { lr: 0.1, nesterov: true, momentum: 0.9 })); // [0.1, 0.9, 0, 1]
 */
export function constValues(c: Consts[UpdateKind]): number[] {
  return Object.values(c).map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : v));
}
