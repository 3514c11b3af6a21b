/**
 * The WebGPU backend: every kernel family of `Backend` as WGSL on Dawn (through the `webgpu`
 * package), with the same semantics as the reference.
 */
import type { Backend } from "../types.ts";
import { gpuCooccurrenceDense, gpuCooccurrenceTopN } from "./cooccurrence.ts";
import { gpuEmbeddingBag } from "./embedding-bag.ts";
import { gpuGather } from "./gather.ts";
import { gpuMatmul } from "./matmul.ts";
import { GpuRuntime, type RuntimeOptions } from "./runtime.ts";
import { gpuScatterAdd } from "./scatter-add.ts";
import { gpuScoreTopK } from "./score-topk.ts";
import { gpuTopK } from "./topk.ts";

/** A WebGPU Backend that also exposes its runtime (limits, pool, pipeline cache) for tests and stats. */
export interface WebGpuBackend extends Backend {
  readonly name: "webgpu";
  readonly runtime: GpuRuntime;
}

/**
 * Acquires a device (the adapter's maximum limits, subgroups when present) and returns the
 * WebGPU backend. Rejects with a GpuError of kind "no-adapter" where WebGPU has none. Calls are
 * serialised per backend; GPU failures reject with a GpuError naming the kernel.
 * @example
 * const gpu = await createWebGpuBackend();
 * const top = await gpu.topK(scores, rows, cols, 10);
 * await gpu.dispose();
 */
export async function createWebGpuBackend(opts: RuntimeOptions = {}): Promise<WebGpuBackend> {
  const rt = await GpuRuntime.create(opts);
  return {
    name: "webgpu",
    adapter: rt.description,
    runtime: rt,
    matmul: (a, b, o) => gpuMatmul(rt, a, b, o),
    gather: (table, dim, ids) => gpuGather(rt, table, dim, ids),
    embeddingBag: (table, dim, ids, offsets, o) => gpuEmbeddingBag(rt, table, dim, ids, offsets, o),
    scatterAdd: (target, dim, ids, grad) => gpuScatterAdd(rt, target, dim, ids, grad),
    cooccurrenceDense: (x, w) => gpuCooccurrenceDense(rt, x, w),
    cooccurrenceTopN: (x, o) => gpuCooccurrenceTopN(rt, x, o),
    topK: (scores, rows, cols, k, exclude) => gpuTopK(rt, scores, rows, cols, k, exclude),
    scoreTopK: (q, nq, keys, nk, dim, k, exclude) => gpuScoreTopK(rt, q, nq, keys, nk, dim, k, exclude),
    dispose: () => rt.dispose(),
  };
}
