/**
 * The optimiser updates on the CPU engine: one tight loop per kind over runs of contiguous
 * coordinates (constants hoisted, no calls per element). A dense update is one run over the whole
 * tensor; a sparse one a run per listed row, so untouched rows are never read or written. The row
 * loop is inside each kind's function: a call per row (with its destructuring) cost more than the
 * 16 coordinates of an embedding row. Sequential, hence deterministic.
 */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { checkIds } from "../embedding/validate.ts";
import { constsOf, type Consts, type UpdateAttrs, type UpdateKind } from "./attrs.ts";
import { layoutOf, type UpdateSpec } from "./validate.ts";

type F = Float32Array;
/**
 * Updates p and its state from g·scale: all of p (rows undefined), or for each u the d
 * coordinates of row rows[u] of p from row u of g.
 */
type Run<C> = (c: C, p: F, g: F, s: F[], rows: Int32Array | undefined, d: number, scale: number) => void;

const runCount = (rows: Int32Array | undefined) => (rows ? rows.length : 1);

const sgd: Run<Consts["sgd"]> = ({ lr, momentum: mu, weightDecay: wd, nesterov }, p, g, [vel], rows, d, scale) => {
  for (let u = 0, count = runCount(rows); u < count; u++) {
    const po = rows ? rows[u]! * d : 0, go = rows ? u * d : 0, n = rows ? d : p.length;
    if (!vel) {
      for (let j = 0; j < n; j++) p[po + j] = p[po + j]! - lr * (g[go + j]! * scale + wd * p[po + j]!);
      continue;
    }
    for (let j = 0; j < n; j++) {
      const k = po + j;
      const gk = g[go + j]! * scale + wd * p[k]!;
      const v = mu * vel[k]! + gk;
      vel[k] = v;
      p[k] = p[k]! - lr * (nesterov ? gk + mu * v : v);
    }
  }
};

const adam: Run<Consts["adam"]> = (c, p, g, [m, v], rows, d, scale) => {
  const { beta1: b1, beta2: b2, eps, weightDecay: wd, stepSize, sqrtBc2 } = c;
  const shrink = c.decoupled ? 1 - c.lr * wd : 1;
  const l2 = c.decoupled ? 0 : wd;
  for (let u = 0, count = runCount(rows); u < count; u++) {
    const po = rows ? rows[u]! * d : 0, go = rows ? u * d : 0, n = rows ? d : p.length;
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
  }
};

const adagrad: Run<Consts["adagrad"]> = ({ lr, eps, weightDecay: wd }, p, g, [acc], rows, d, scale) => {
  for (let u = 0, count = runCount(rows); u < count; u++) {
    const po = rows ? rows[u]! * d : 0, go = rows ? u * d : 0, n = rows ? d : p.length;
    for (let j = 0; j < n; j++) {
      const k = po + j;
      const gk = g[go + j]! * scale + wd * p[k]!;
      const a = acc![k]! + gk * gk;
      acc![k] = a;
      p[k] = p[k]! - (lr * gk) / (Math.sqrt(a) + eps);
    }
  }
};

const ftrl: Run<Consts["ftrl"]> = ({ alpha, beta, l1, l2 }, p, g, [z, nn], rows, d, scale) => {
  for (let u = 0, count = runCount(rows); u < count; u++) {
    const po = rows ? rows[u]! * d : 0, go = rows ? u * d : 0, n = rows ? d : p.length;
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
  }
};

const RUNS: { [K in UpdateKind]: Run<Consts[K]> } = { sgd, adam, adagrad, ftrl };

/** Adam's constants for the native loop (cpu/native/adam-lanes.h), reused: one call at a time. */
const adamConsts = new Float32Array(new ArrayBuffer(7 * 4));

/**
 * Plain Adam (no weight decay, no gradient scale) through the native SSE loop, in f32 as the
 * WGSL kernel computes it (the TypeScript loop computes in f64, ~5× slower); false when it does
 * not apply.
 */
function nativeAdam(engine: CpuEngine, c: Consts["adam"], p: F, g: F, s: F[], rows: Int32Array | undefined, d: number, scaled: boolean): boolean {
  if (!engine.native || scaled || c.weightDecay !== 0) return false;
  adamConsts.set([c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.sqrtBc2, c.eps, c.stepSize]);
  engine.native.adam(p, g, s[0]!, s[1]!, rows, d, adamConsts);
  return true;
}

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
    const native = (r: Int32Array | undefined, d: number) => spec.kind === "adam" && nativeAdam(engine, c as Consts["adam"], p, g, s, r, d, scale !== undefined);
    if (!rows) {
      if (!native(undefined, 0)) run(c, p, g, s, undefined, 0, factor);
      return [];
    }
    const [n, d] = param.shape as [number, number];
    const r = engine.data(rows) as Int32Array;
    checkIds(spec.name, "rows", r, n);
    if (!native(r, d)) run(c, p, g, s, r, d, factor);
    return [];
  };
}
