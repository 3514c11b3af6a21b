/**
 * Registers the "Matmul" kernel: inputs [a, b] or [a, b, bias], attrs { transA?, transB? }.
 * 2-D: op(A) [M, K] · op(B) [K, N] (+ bias [N] on every row) → [M, N]; rank 3: batched
 * [Bt, M, N], no bias. Empty M, N or K give an empty or all-zero (bias-filled) result.
 * @example
 * import "./kernels/matmul/index.ts";
 * const [y] = runKernel("Matmul", [x, w, b], { transB: true }); // x·wᵀ + b
 */
import { defineKernel } from "../../tensor/registry.ts";
import { cpuMatmul } from "./cpu.ts";
import { referenceMatmul } from "./reference.ts";
import { validateMatmul, type MatmulAttrs } from "./validate.ts";
import { webgpuMatmul } from "./webgpu.ts";

defineKernel<MatmulAttrs>({ name: "Matmul", validate: validateMatmul, cpu: cpuMatmul, webgpu: webgpuMatmul, reference: referenceMatmul });
