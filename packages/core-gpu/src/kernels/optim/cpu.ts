/**
 * The optimiser updates on the CPU engine: one tight loop per kind over a run of `n` contiguous
 * coordinates (constants hoisted, no calls per element). A dense update is one run over the whole
 * tensor; a sparse one a run per listed row, so untouched rows are never read or written.
 * Sequential, hence deterministic.
 */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { checkIds } from "../embedding/validate.ts";
import { constsOf, type Consts, type UpdateAttrs, type UpdateKind } from "./attrs.ts";
import { layoutOf, type UpdateSpec } from "./validate.ts";

type F = Float32Array;
/** Updates p[po..po+n) and its state from g[go..go+n)·scale. */
type Run<C> = (c: C, p: F, g: F, s: F[], po: number, go: number, n: number, scale: number) => void;

const sgd: Run<Consts["sgd"]> = ({ lr, momentum: mu, weightDecay: wd, nesterov }, p, g, [vel], po, go, n, scale) => {
  if (!vel) {
    for (let j = 0; j < n; j++) p[po + j] = p[po + j]! - lr * (g[go + j]! * scale + wd * p[po + j]!);
    return;
  }
  for (let j = 0; j < n; j++) {
    const k = po + j;
    const gk = g[go + j]! * scale + wd * p[k]!;
    const v = mu * vel[k]! + gk;
    vel[k] = v;
    p[k] = p[k]! - lr * (nesterov ? gk + mu * v : v);
  }
};

const adam: Run<Consts["adam"]> = (c, p, g, [m, v], po, go, n, scale) => {
  const { beta1: b1, beta2: b2, eps, weightDecay: wd, stepSize, sqrtBc2 } = c;
  const shrink = c.decoupled ? 1 - c.lr * wd : 1;
  const l2 = c.decoupled ? 0 : wd;
  for (let j = 0; j < n; j++) {
    const k = po + j;
    const w = p[k]! * shrink;
    const gk = g[go + j]! * scale + l2 * w;
    const mk = b1 * m![k]! + (1 - b1) * gk;
    const vk = b2 * v![k]! + (1 - b2) * gk * gk;
    m![k] = mk;
    v![k] = vk;
    p[k] = w - (stepSize * mk) / (Math.sqrt(vk) / sqrtBc2 + eps);
  }
};

const adagrad: Run<Consts["adagrad"]> = ({ lr, eps, weightDecay: wd }, p, g, [acc], po, go, n, scale) => {
  for (let j = 0; j < n; j++) {
    const k = po + j;
    const gk = g[go + j]! * scale + wd * p[k]!;
    const a = acc![k]! + gk * gk;
    acc![k] = a;
    p[k] = p[k]! - (lr * gk) / (Math.sqrt(a) + eps);
  }
};

const ftrl: Run<Consts["ftrl"]> = ({ alpha, beta, l1, l2 }, p, g, [z, nn], po, go, n, scale) => {
  for (let j = 0; j < n; j++) {
    const k = po + j;
    const gk = g[go + j]! * scale;
    const nOld = nn![k]!;
    const nNew = nOld + gk * gk;
    const zk = z![k]! + gk - ((Math.sqrt(nNew) - Math.sqrt(nOld)) / alpha) * p[k]!;
    z![k] = zk;
    nn![k] = nNew;
    p[k] = Math.abs(zk) <= l1 ? 0 : -(zk - Math.sign(zk) * l1) / ((beta + Math.sqrt(nNew)) / alpha + l2);
  }
};

const RUNS: { [K in UpdateKind]: Run<Consts[K]> } = { sgd, adam, adagrad, ftrl };

/**
 * The CPU implementation of one update kernel.
 * @example
 * defineKernel({ name: "AdamUpdate", cpu: cpuUpdate(spec), ... });
 */
export function cpuUpdate(spec: UpdateSpec) {
  const run = RUNS[spec.kind] as Run<Consts[UpdateKind]>;
  return (engine: CpuEngine, inputs: readonly Tensor[], attrs: UpdateAttrs): Tensor[] => {
    const { param, grad, rows, states, scale } = layoutOf(spec, inputs, attrs);
    const c = constsOf(spec.kind, attrs);
    const p = engine.f32(param);
    const g = engine.f32(grad);
    const s = states.map((t) => engine.f32(t));
    const factor = scale ? engine.f32(scale)[0]! : 1;
    if (!rows) {
      run(c, p, g, s, 0, 0, p.length, factor);
      return [];
    }
    const [n, d] = param.shape as [number, number];
    const r = engine.data(rows) as Int32Array;
    checkIds(spec.name, "rows", r, n);
    for (let u = 0; u < r.length; u++) run(c, p, g, s, r[u]! * d, u * d, d, factor);
    return [];
  };
}
