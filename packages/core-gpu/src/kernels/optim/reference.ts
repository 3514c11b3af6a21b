/**
 * The optimiser updates as plain per-coordinate formulas (f64 on the f64 reference engine): the
 * yardstick. A dense update visits every coordinate; a sparse one the coordinates of the listed
 * rows only, so every other element of the table and its state is left as it was.
 */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { checkIds } from "../embedding/validate.ts";
import { constsOf, type Consts, type UpdateAttrs, type UpdateKind } from "./attrs.ts";
import { layoutOf, type UpdateSpec } from "./validate.ts";

type Arr = { [k: number]: number; readonly length: number };
/** Updates coordinate k of `p` and of the state arrays `s` given its (scaled) gradient g. */
type Coord = (p: Arr, s: Arr[], k: number, g: number) => void;

const COORD: { [K in UpdateKind]: (c: Consts[K]) => Coord } = {
  // PyTorch SGD: g += wd·p; v = μ·v + g; step = nesterov ? g + μ·v : v; p -= lr·step
  sgd: (c) => (p, [vel], k, g0) => {
    const g = g0 + c.weightDecay * p[k]!;
    if (!vel) {
      p[k] = p[k]! - c.lr * g;
      return;
    }
    const v = c.momentum * vel[k]! + g;
    vel[k] = v;
    p[k] = p[k]! - c.lr * (c.nesterov ? g + c.momentum * v : v);
  },
  // PyTorch Adam (g += wd·p) / AdamW (p ·= 1 − lr·wd), bias-corrected with the host's step
  adam: (c) => (p, [m, v], k, g0) => {
    const w = c.decoupled ? p[k]! * (1 - c.lr * c.weightDecay) : p[k]!;
    const g = c.decoupled ? g0 : g0 + c.weightDecay * w;
    m![k] = c.beta1 * m![k]! + (1 - c.beta1) * g;
    v![k] = c.beta2 * v![k]! + (1 - c.beta2) * g * g;
    p[k] = w - (c.stepSize * m![k]!) / (Math.sqrt(v![k]!) / c.sqrtBc2 + c.eps);
  },
  // PyTorch Adagrad: accum += g²; p -= lr·g / (√accum + eps)
  adagrad: (c) => (p, [acc], k, g0) => {
    const g = g0 + c.weightDecay * p[k]!;
    acc![k] = acc![k]! + g * g;
    p[k] = p[k]! - (c.lr * g) / (Math.sqrt(acc![k]!) + c.eps);
  },
  // FTRL-Proximal: σ = (√(n+g²) − √n)/α; z += g − σ·w; n += g²; w = prox(z)
  ftrl: (c) => (p, [z, n], k, g) => {
    const nNew = n![k]! + g * g;
    const sigma = (Math.sqrt(nNew) - Math.sqrt(n![k]!)) / c.alpha;
    z![k] = z![k]! + g - sigma * p[k]!;
    n![k] = nNew;
    const zk = z![k]!;
    p[k] = Math.abs(zk) <= c.l1 ? 0 : -(zk - Math.sign(zk) * c.l1) / ((c.beta + Math.sqrt(nNew)) / c.alpha + c.l2);
  },
};

/**
 * The reference implementation of one update kernel.
 * @example
 * defineKernel({ name: "AdamUpdate", reference: referenceUpdate(spec), ... });
 */
export function referenceUpdate(spec: UpdateSpec) {
  return (engine: CpuEngine, inputs: readonly Tensor[], attrs: UpdateAttrs): Tensor[] => {
    const { param, grad, rows, states, scale } = layoutOf(spec, inputs, attrs);
    const coord = (COORD[spec.kind] as (c: Consts[UpdateKind]) => Coord)(constsOf(spec.kind, attrs));
    const p = engine.data(param);
    const g = engine.data(grad);
    const s = states.map((t) => engine.data(t));
    const factor = scale ? engine.data(scale)[0]! : 1;
    if (!rows) {
      for (let k = 0; k < p.length; k++) coord(p, s, k, g[k]! * factor);
      return [];
    }
    const [n, d] = param.shape as [number, number];
    const r = engine.data(rows);
    checkIds(spec.name, "rows", r, n);
    for (let u = 0; u < r.length; u++) {
      for (let c = 0; c < d; c++) coord(p, s, r[u]! * d + c, g[u * d + c]! * factor);
    }
    return [];
  };
}
