/**
 * The softmax cross-entropy kernels on the CPU engine: one pass for the row max, one for the
 * sum of exponentials (accumulated in f64, JS numbers), over Float32Array storage. The same
 * semantics as reference.ts, which documents them.
 */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { targetColumn, type MaskAttrs, type SoftmaxAttrs } from "./validate.ts";

/**
 * [loss [B, 1], lse [B, 1]] on the CPU engine (row sums in f64).
 * @example
 * const [loss, lse] = cpuSoftmaxCrossEntropy(cpu, [logits, targets]);
 */
export function cpuSoftmaxCrossEntropy(engine: CpuEngine, [logits, targets]: readonly Tensor[], attrs: SoftmaxAttrs = {}): Tensor[] {
  const [b, n] = logits!.shape as [number, number];
  const x = engine.f32(logits!);
  const t = engine.data(targets!) as Int32Array;
  const loss = engine.empty([b, 1]);
  const lse = engine.empty([b, 1]);
  const dl = engine.f32(loss);
  const dz = engine.f32(lse);
  const probs = attrs.probabilities ? engine.empty([b, n]) : undefined;
  const outputs = probs ? [loss, lse, probs] : [loss, lse];
  if (engine.native && n > 0) {
    for (let i = 0; i < b; i++) targetColumn("SoftmaxCrossEntropy", t, i, n); // throws before anything is written
    engine.native.softmaxCe(x, t, b, n, dl, dz, probs && engine.f32(probs), engine.threads);
    return outputs;
  }
  for (let i = 0, base = 0; i < b; i++, base += n) {
    let max = -Infinity;
    for (let j = base, end = base + n; j < end; j++) {
      const v = x[j]!;
      if (v > max || v !== v) max = v; // NaN wins, as Math.max: NaN in gives NaN out
    }
    let z = -Infinity;
    if (max !== -Infinity) {
      let sum = 0;
      for (let j = base, end = base + n; j < end; j++) sum += Math.exp(x[j]! - max);
      z = max + Math.log(sum);
    }
    dz[i] = z;
    const col = targetColumn("SoftmaxCrossEntropy", t, i, n);
    if (col < 0) dl[i] = 0;
    else dl[i] = x[base + col] === -Infinity ? Infinity : z - x[base + col]!;
    if (probs) {
      const p = engine.f32(probs);
      for (let j = base, end = base + n; j < end; j++) p[j] = x[j] === -Infinity ? 0 : Math.exp(x[j]! - z);
    }
  }
  return outputs;
}

/**
 * [dlogits [B, N]] on the CPU engine.
 * @example
 * const [dlogits] = cpuSoftmaxCrossEntropyGrad(cpu, [logits, targets, lse, dloss]);
 */
export function cpuSoftmaxCrossEntropyGrad(engine: CpuEngine, [logits, targets, lse, dloss, probs]: readonly Tensor[]): Tensor[] {
  const [b, n] = logits!.shape as [number, number];
  const x = engine.f32(logits!);
  const t = engine.data(targets!) as Int32Array;
  const z = engine.f32(lse!);
  const g = engine.f32(dloss!);
  const out = engine.empty([b, n]);
  const d = engine.f32(out);
  if (engine.native && n > 0) {
    for (let i = 0; i < b; i++) targetColumn("SoftmaxCrossEntropyGrad", t, i, n);
    engine.native.softmaxCeGrad(x, t, z, g, probs && engine.f32(probs), b, n, d, engine.threads);
    return [out];
  }
  for (let i = 0, base = 0; i < b; i++, base += n) {
    const col = targetColumn("SoftmaxCrossEntropyGrad", t, i, n);
    if (col < 0) {
      d.fill(0, base, base + n);
      continue;
    }
    const zi = z[i]!;
    const gi = g[i]!;
    if (probs) {
      const p = engine.f32(probs);
      for (let j = base; j < base + n; j++) d[j] = p[j]! * gi;
      d[base + col] = (p[base + col]! - 1) * gi;
      continue;
    }
    // exp(−∞ − zi) is 0 unless zi is −∞ too (an all-masked row): test the logit, not the exponent.
    for (let j = 0; j < n; j++) {
      const v = x[base + j]!;
      d[base + j] = (v === -Infinity ? 0 : Math.exp(v - zi)) * gi;
    }
    d[base + col] = ((x[base + col] === -Infinity ? 0 : Math.exp(x[base + col]! - zi)) - 1) * gi;
  }
  return [out];
}

/**
 * In place on the CPU engine, visiting only the hits (columns grouped by id); returns [].
 * @example
 * cpuMaskAccidentalHits(cpu, [logits, rowIds, colIds, targets], {});
 */
export function cpuMaskAccidentalHits(engine: CpuEngine, [logits, rowIds, colIds, targets]: readonly Tensor[], attrs: MaskAttrs): Tensor[] {
  const [b, n] = logits!.shape as [number, number];
  const x = engine.f32(logits!);
  const r = engine.data(rowIds!) as Int32Array;
  const c = engine.data(colIds!) as Int32Array;
  const t = engine.data(targets!) as Int32Array;
  const value = attrs.value ?? -Infinity;
  if (b === 0 || n === 0) return [];
  // Column positions by id, so each row touches only its hits: O(B + N + hits), not O(B·N).
  const byId = new Map<number, number[]>();
  for (let j = 0; j < n; j++) {
    const list = byId.get(c[j]!);
    if (list) list.push(j);
    else byId.set(c[j]!, [j]);
  }
  for (let i = 0; i < b; i++) {
    const hits = byId.get(r[i]!);
    if (hits) for (const j of hits) if (j !== t[i]) x[i * n + j] = value;
  }
  return [];
}
