/**
 * Kernel family "embedding": Gather (rows of a table by id), ScatterAdd (its backward: rows added
 * into a table in place, duplicates accumulating) and EmbeddingBag (sum / mean pooling of id
 * bags, optionally weighted). Tables of any size work on WebGPU (bound window by window).
 *
 * @example
 * import "./kernels/embedding/index.ts";
 * const [rows] = runKernel("Gather", [table, ids], {});
 * runKernel("ScatterAdd", [tableGrad, ids, rowsGrad], {}); // returns [], tableGrad updated
 * const [pooled] = runKernel("EmbeddingBag", [table, ids, offsets], { mode: "mean" });
 */
import { defineKernel } from "../../tensor/registry.ts";
import { cpuEmbeddingBag, cpuGather, cpuScatterAdd } from "./cpu.ts";
import { referenceEmbeddingBag, referenceGather, referenceScatterAdd } from "./reference.ts";
import { validateEmbeddingBag, validateGather, validateScatterAdd, type EmbeddingBagAttrs } from "./validate.ts";
import { webgpuEmbeddingBag, webgpuGather, webgpuScatterAdd } from "./webgpu.ts";

export type { EmbeddingBagAttrs } from "./validate.ts";

defineKernel<Record<string, never>>({ name: "Gather", validate: validateGather, cpu: cpuGather, webgpu: webgpuGather, reference: referenceGather });
defineKernel<Record<string, never>>({ name: "ScatterAdd", validate: validateScatterAdd, cpu: cpuScatterAdd, webgpu: webgpuScatterAdd, reference: referenceScatterAdd });
defineKernel<EmbeddingBagAttrs>({ name: "EmbeddingBag", validate: validateEmbeddingBag, cpu: cpuEmbeddingBag, webgpu: webgpuEmbeddingBag, reference: referenceEmbeddingBag });
