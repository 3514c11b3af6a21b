/**
 * The embedding kernels on the CPU engine: row-at-a-time typed-array loops (`set`/`subarray`
 * for whole-row copies). Ids are checked before anything is written. Sums run in id order, so
 * results are deterministic and, for ScatterAdd, bit-identical to the reference's order.
 */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { checkIds, checkOffsets, type EmbeddingBagAttrs } from "./validate.ts";

/**
 * Gather on the CPU engine.
 * @example
 * const [rows] = cpuGather(cpu, [table, ids], {}); // [B, D]
 */
export function cpuGather(engine: CpuEngine, [table, ids]: readonly Tensor[]): Tensor[] {
  const [n, d] = table!.shape as [number, number];
  const t = engine.f32(table!);
  const id = engine.data(ids!) as Int32Array;
  checkIds("Gather", "ids", id, n);
  const out = engine.empty([id.length, d]);
  const o = engine.f32(out);
  if (engine.native) {
    engine.native.gatherRows(t, id, d, o, engine.threads);
    return [out];
  }
  for (let r = 0; r < id.length; r++) {
    const from = id[r]! * d;
    const to = r * d;
    for (let c = 0; c < d; c++) o[to + c] = t[from + c]!;
  }
  return [out];
}

/**
 * ScatterAdd on the CPU engine (in place, ids ascending).
 * @example
 * cpuScatterAdd(cpu, [target, ids, src], {}); // []
 */
export function cpuScatterAdd(engine: CpuEngine, [target, ids, src]: readonly Tensor[]): Tensor[] {
  const [n, d] = target!.shape as [number, number];
  const t = engine.f32(target!);
  const id = engine.data(ids!) as Int32Array;
  const s = engine.f32(src!);
  checkIds("ScatterAdd", "ids", id, n);
  if (engine.native) {
    engine.native.scatterAddRows(t, id, d, s, engine.threads);
    return [];
  }
  for (let r = 0; r < id.length; r++) {
    const to = id[r]! * d;
    const from = r * d;
    for (let c = 0; c < d; c++) t[to + c]! += s[from + c]!;
  }
  return [];
}

/**
 * EmbeddingBag on the CPU engine (f64 accumulation per bag).
 * @example
 * const [pooled] = cpuEmbeddingBag(cpu, [table, ids, offsets], { mode: "mean" }); // [nBags, D]
 */
export function cpuEmbeddingBag(engine: CpuEngine, [table, ids, offsets, weights]: readonly Tensor[], attrs: EmbeddingBagAttrs): Tensor[] {
  const [n, d] = table!.shape as [number, number];
  const t = engine.f32(table!);
  const id = engine.data(ids!) as Int32Array;
  const off = engine.data(offsets!) as Int32Array;
  const w = weights ? engine.f32(weights) : undefined;
  checkIds("EmbeddingBag", "ids", id, n);
  checkOffsets(off, id.length);
  const nBags = off.length - 1;
  const out = engine.zeros([nBags, d]);
  const o = engine.f32(out);
  // f64 row accumulator: one rounding per output, as the reference (sums of many rows).
  const acc = new Float64Array(d);
  for (let b = 0; b < nBags; b++) {
    const start = off[b]!;
    const end = off[b + 1]!;
    if (end === start) continue;
    acc.fill(0);
    for (let p = start; p < end; p++) {
      const row = id[p]! * d;
      const wp = w ? w[p]! : 1;
      for (let c = 0; c < d; c++) acc[c]! += wp * t[row + c]!;
    }
    const count = attrs.mode === "mean" ? end - start : 1;
    for (let c = 0; c < d; c++) o[b * d + c] = acc[c]! / count;
  }
  return [out];
}
