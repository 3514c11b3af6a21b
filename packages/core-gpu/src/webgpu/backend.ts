/**
 * The WebGPU backend: every kernel family of `Backend` as WGSL on Dawn (through the `webgpu`
 * package), with the same semantics as the reference. matmul, gather, embeddingBag and
 * scatterAdd are thin wrappers over the tensor kernels (src/host-api/), run on a WebGpuEngine
 * that shares this backend's device, buffer pool and call serialisation; co-occurrence and
 * top-K keep their one-shot implementations.
 */
import { tensorEmbeddingBag, tensorGather, tensorScatterAdd } from "../host-api/embedding.ts";
import type { TensorHost } from "../host-api/host.ts";
import { tensorMatmul, type MatmulLimits } from "../host-api/matmul.ts";
import { WebGpuEngine } from "../tensor/webgpu-engine.ts";
import type { Backend } from "../types.ts";
import { gpuCooccurrenceDense, gpuCooccurrenceTopN } from "./cooccurrence.ts";
import { matmulVariant } from "./matmul-kernel.ts";
import { GpuRuntime, type RuntimeOptions } from "./runtime.ts";
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
  const engine = new WebGpuEngine(rt, { poison: rt.options.poisonOutputs });
  // rt.op serialises each call with the one-shot kernels and names GPU errors after it.
  const host: TensorHost = { engine, maxElems: rt.maxElems, run: (kernel, body) => rt.op(kernel, body) };
  const mm: MatmulLimits = { maxGroups: rt.maxWorkgroupsPerDim, tile: matmulVariant(rt.matmulSubgroupSize).tile };
  return {
    name: "webgpu",
    adapter: rt.description,
    runtime: rt,
    matmul: (a, b, o) => tensorMatmul(host, mm, a, b, o),
    gather: (table, dim, ids) => tensorGather(host, table, dim, ids),
    embeddingBag: (table, dim, ids, offsets, o) => tensorEmbeddingBag(host, table, dim, ids, offsets, o),
    scatterAdd: (target, dim, ids, grad) => tensorScatterAdd(host, target, dim, ids, grad),
    cooccurrenceDense: (x, w) => gpuCooccurrenceDense(rt, x, w),
    cooccurrenceTopN: (x, o) => gpuCooccurrenceTopN(rt, x, o),
    topK: (scores, rows, cols, k, exclude) => gpuTopK(rt, scores, rows, cols, k, exclude),
    scoreTopK: (q, nq, keys, nk, dim, k, exclude) => gpuScoreTopK(rt, q, nq, keys, nk, dim, k, exclude),
    dispose: async () => {
      // After the calls in flight (rt.op queues behind them): the engine frees its uniforms.
      if (!rt.isDisposed) await rt.op("dispose", () => engine.dispose()).catch(() => {});
      await rt.dispose();
    },
  };
}
