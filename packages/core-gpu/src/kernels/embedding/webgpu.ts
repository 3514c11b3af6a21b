/**
 * The embedding kernels on the WebGPU engine: one dispatch per table window (../windows.ts), so a
 * table of any size works; ids, sources and outputs are batch-sized and must fit one binding
 * each (a RangeError says so otherwise). Nothing is read back: out-of-range ids cannot be
 * reported here, they give zero rows (Gather, EmbeddingBag) or are skipped (ScatterAdd).
 */
import type { Tensor } from "../../tensor/tensor.ts";
import type { WebGpuEngine } from "../../tensor/webgpu-engine.ts";
import type { EmbeddingBagAttrs } from "./validate.ts";
import { BAG_FIRST, BAG_LAST, BAG_MEAN, GATHER_PROGRAM, SCATTER_ADD_PROGRAM, embeddingBagProgram } from "./wgsl.ts";
import { WG, checkBinding, tableWindows, windowOf } from "../windows.ts";

/**
 * Gather on WebGPU: one pass per table window; the first also writes zero rows for bad ids.
 * @example
 * const [rows] = webgpuGather(gpu, [table, ids]);
 */
export function webgpuGather(engine: WebGpuEngine, [table, ids]: readonly Tensor[]): Tensor[] {
  const [n, d] = table!.shape as [number, number];
  const b = ids!.size;
  checkBinding(engine, "Gather", "output", [b, d]);
  const out = engine.empty([b, d]);
  const count = b * d;
  const windows = tableWindows(engine, table!.size);
  windows.forEach((w, k) => {
    const slices = [windowOf(engine.slice(table!), w), engine.slice(ids!), engine.slice(out)];
    engine.dispatch(GATHER_PROGRAM, slices, [count, d, n, w.start, w.end - w.start, k === 0 ? 1 : 0], Math.ceil(count / WG));
  });
  return [out];
}

/**
 * ScatterAdd on WebGPU (atomic f32 adds, one pass per table window).
 * @example
 * webgpuScatterAdd(gpu, [target, ids, src]); // []
 */
export function webgpuScatterAdd(engine: WebGpuEngine, [target, ids, src]: readonly Tensor[]): Tensor[] {
  const [n, d] = target!.shape as [number, number];
  checkBinding(engine, "ScatterAdd", "src", src!);
  const count = src!.size;
  for (const w of tableWindows(engine, target!.size)) {
    const slices = [windowOf(engine.slice(target!), w), engine.slice(ids!), engine.slice(src!)];
    engine.dispatch(SCATTER_ADD_PROGRAM, slices, [count, d, n, w.start, w.end - w.start], Math.ceil(count / WG));
  }
  return [];
}

/**
 * EmbeddingBag on WebGPU: later windows add onto the first's partial sums; the last applies the mean.
 * @example
 * const [pooled] = webgpuEmbeddingBag(gpu, [table, ids, offsets], { mode: "mean" });
 */
export function webgpuEmbeddingBag(engine: WebGpuEngine, [table, ids, offsets, weights]: readonly Tensor[], attrs: EmbeddingBagAttrs): Tensor[] {
  const [n, d] = table!.shape as [number, number];
  const nBags = offsets!.size - 1;
  checkBinding(engine, "EmbeddingBag", "output", [nBags, d]);
  checkBinding(engine, "EmbeddingBag", "ids", ids!);
  checkBinding(engine, "EmbeddingBag", "offsets", offsets!);
  const out = engine.empty([nBags, d]);
  const count = nBags * d;
  const program = embeddingBagProgram(weights !== undefined);
  const windows = tableWindows(engine, table!.size);
  const mean = attrs.mode === "mean" ? BAG_MEAN : 0;
  windows.forEach((w, k) => {
    const flags = mean | (k === 0 ? BAG_FIRST : 0) | (k === windows.length - 1 ? BAG_LAST : 0);
    const slices = [windowOf(engine.slice(table!), w), engine.slice(ids!), engine.slice(offsets!)];
    if (weights) slices.push(engine.slice(weights));
    slices.push(engine.slice(out));
    engine.dispatch(program, slices, [count, d, n, w.start, w.end - w.start, ids!.size, flags], Math.ceil(count / WG));
  });
  return [out];
}
