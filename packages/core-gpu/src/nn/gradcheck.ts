/**
 * Finite-difference gradient checks: the analytic gradients an engine computes (f32, through the
 * tape) against central differences of the same function on the f64 reference engine. The loss
 * is Σ output·W with fixed random W, so every output element's gradient path is exercised.
 */
import { createReferenceEngine, type CpuEngine } from "../tensor/cpu-engine.ts";
import { tidy } from "../tensor/scope.ts";
import type { DType, Tensor, TensorEngine } from "../tensor/tensor.ts";
import { isRowSparse, type Grad } from "./grad.ts";
import { mul } from "./ops/elementwise.ts";
import { sum } from "./ops/reduce.ts";
import { valueAndGrads } from "./tape.ts";
import { reshape } from "./ops/shape.ts";
import { Rng } from "../random/rng.ts";

export interface CheckInput {
  values: Float32Array | Int32Array;
  shape: number[];
  /** Differentiate with respect to this input (default: f32 inputs yes, i32 no). */
  grad?: boolean;
}

/** Builds the function under test from tensors on `engine` (in the order of the inputs). */
export type Build = (engine: TensorEngine, xs: Tensor[]) => Tensor;

/** A gradient as a dense host array (row-sparse ones scattered into zeros). */
async function dense(g: Grad): Promise<Float64Array> {
  if (!isRowSparse(g)) return Float64Array.from(await g.read());
  const out = new Float64Array(g.shape.reduce((p, d) => p * d, 1));
  const dim = g.shape[1]!;
  const values = await g.values.read();
  g.rows.forEach((row, k) => {
    for (let d = 0; d < dim; d++) out[row * dim + d]! += values[k * dim + d]!;
  });
  return out;
}

function weightsFor(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n }, () => 2 * rng.float() - 1);
}

/** Σ build(xs)·W on the f64 reference engine. */
function lossF64(ref: CpuEngine, build: Build, inputs: CheckInput[], values: Float64Array[], w: Float64Array): number {
  return tidy(() => {
    const xs = inputs.map((inp, k) => ref.fromHost(inp.values instanceof Int32Array ? inp.values : values[k]!, inp.shape, dtypeOf(inp)));
    const y = ref.data(build(ref, xs)) as Float64Array;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i]! * w[i]!;
    return s;
  });
}

const dtypeOf = (inp: CheckInput): DType => (inp.values instanceof Int32Array ? "i32" : "f32");

/**
 * Compares analytic and numeric gradients; returns a description of the first mismatch or null.
 * Tolerance: |analytic − numeric| ≤ atol + rtol·|numeric|.
 * @example
 * expect(await gradcheck(engine, (e, [x]) => relu(x!), [{ values, shape: [3, 4] }])).toBeNull();
 */
export async function gradcheck(engine: TensorEngine, build: Build, inputs: CheckInput[], o: { rtol?: number; atol?: number; h?: number; seed?: number } = {}): Promise<string | null> {
  const rtol = o.rtol ?? 2e-3;
  const atol = o.atol ?? 2e-4;
  const h = o.h ?? 1e-6;
  const ref = createReferenceEngine({ precision: "f64" });
  const outSize = tidy(() => build(ref, inputs.map((inp) => ref.fromHost(inp.values, inp.shape, dtypeOf(inp)))).size);
  const w = weightsFor(outSize, o.seed ?? 7);
  const analytic = await (async () => {
    const xs = inputs.map((inp) => {
      const t = engine.fromHost(inp.values, inp.shape, dtypeOf(inp));
      t.requiresGrad = inp.grad ?? dtypeOf(inp) === "f32";
      return t;
    });
    const wT = engine.fromHost(Float32Array.from(w), [outSize]);
    const grads = tidy(() => {
      const { grads } = valueAndGrads(() => {
        const y = build(engine, xs);
        return sum(mul(y.rank === 1 ? y : reshapeFlat(y), wT), "all");
      });
      return grads;
    });
    const out = await Promise.all(xs.map(async (x) => (grads.get(x) ? dense(grads.get(x)!) : undefined)));
    for (const g of grads.values()) (isRowSparse(g) ? [g.values, g.rowsT] : [g]).forEach((t) => t.dispose());
    xs.forEach((x) => x.dispose());
    wT.dispose();
    return out;
  })();
  const base = inputs.map((inp) => Float64Array.from(inp.values));
  for (let k = 0; k < inputs.length; k++) {
    if (!((inputs[k]!.grad ?? dtypeOf(inputs[k]!) === "f32"))) continue;
    const got = analytic[k];
    if (!got) return `input ${k}: no gradient computed`;
    for (let i = 0; i < base[k]!.length; i++) {
      const keepV = base[k]![i]!;
      base[k]![i] = keepV + h;
      const up = lossF64(ref, build, inputs, base, w);
      base[k]![i] = keepV - h;
      const down = lossF64(ref, build, inputs, base, w);
      base[k]![i] = keepV;
      const numeric = (up - down) / (2 * h);
      const a = got[i]!;
      if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) return `input ${k} element ${i}: analytic ${a}, numeric ${numeric}`;
    }
  }
  await ref.dispose();
  return null;
}

const reshapeFlat = (y: Tensor): Tensor => reshape(y, [y.size]);
