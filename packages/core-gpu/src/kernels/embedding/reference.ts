/**
 * The embedding kernels as plain loops (f64 on the f64 reference engine): the yardstick. Same
 * semantics as the one-shot src/reference/embedding.ts.
 */
import type { CpuEngine } from "../../tensor/cpu-engine.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { checkIds, checkOffsets, type EmbeddingBagAttrs } from "./validate.ts";

/**
 * out[r] = table[ids[r]].
 * @example
 * const [rows] = referenceGather(ref, [table, ids]); // [B, D]
 */
export function referenceGather(engine: CpuEngine, [table, ids]: readonly Tensor[]): Tensor[] {
  const [n, d] = table!.shape as [number, number];
  const t = engine.data(table!);
  const id = engine.data(ids!);
  checkIds("Gather", "ids", id, n);
  const out = engine.empty([id.length, d]);
  const o = engine.data(out);
  for (let r = 0; r < id.length; r++) {
    for (let c = 0; c < d; c++) o[r * d + c] = t[id[r]! * d + c]!;
  }
  return [out];
}

/**
 * target[ids[r]] += src[r] in place, r ascending (duplicates accumulate).
 * @example
 * referenceScatterAdd(ref, [target, ids, src]); // []
 */
export function referenceScatterAdd(engine: CpuEngine, [target, ids, src]: readonly Tensor[]): Tensor[] {
  const [n, d] = target!.shape as [number, number];
  const t = engine.data(target!);
  const id = engine.data(ids!);
  const s = engine.data(src!);
  checkIds("ScatterAdd", "ids", id, n);
  for (let r = 0; r < id.length; r++) {
    for (let c = 0; c < d; c++) t[id[r]! * d + c]! += s[r * d + c]!;
  }
  return [];
}

/**
 * Bag b pools rows ids[offsets[b]..offsets[b+1]) (weighted when weights are given); "mean"
 * divides by the bag's id count; empty bags are zeros.
 * @example
 * const [pooled] = referenceEmbeddingBag(ref, [table, ids, offsets], { mode: "sum" });
 */
export function referenceEmbeddingBag(engine: CpuEngine, [table, ids, offsets, weights]: readonly Tensor[], attrs: EmbeddingBagAttrs): Tensor[] {
  const [n, d] = table!.shape as [number, number];
  const t = engine.data(table!);
  const id = engine.data(ids!);
  const off = engine.data(offsets!);
  const w = weights ? engine.data(weights) : undefined;
  checkIds("EmbeddingBag", "ids", id, n);
  checkOffsets(off, id.length);
  const nBags = off.length - 1;
  const out = engine.empty([nBags, d]);
  const o = engine.data(out);
  for (let b = 0; b < nBags; b++) {
    const start = off[b]!;
    const end = off[b + 1]!;
    for (let c = 0; c < d; c++) {
      let s = 0;
      for (let p = start; p < end; p++) s += (w ? w[p]! : 1) * t[id[p]! * d + c]!;
      o[b * d + c] = attrs.mode === "mean" && end > start ? s / (end - start) : s;
    }
  }
  return [out];
}
