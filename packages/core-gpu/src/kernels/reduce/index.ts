/**
 * Registers the "Reduce" kernel: input [x] (f32) viewed as [R, C] (C = last dimension), attrs
 * { op: "sum" | "mean" | "max" | "sumSquares", axis: 0 | 1 | "all" } → [1, C], [R, 1] or [1, 1].
 * Empty sets: sum and sumSquares 0, mean 0, max −Infinity. NaN propagates.
 * @example
 * import "./kernels/reduce/index.ts";
 * const [norm2] = runKernel("Reduce", [grad], { op: "sumSquares", axis: "all" });
 */
import { defineKernel } from "../../tensor/registry.ts";
import { cpuReduce } from "./cpu.ts";
import { referenceReduce } from "./reference.ts";
import { validateReduce, type ReduceAttrs } from "./validate.ts";
import { webgpuReduce } from "./webgpu.ts";

export { matrixView, reducedShape, type ReduceAttrs, type ReduceAxis, type ReduceOp } from "./validate.ts";

defineKernel<ReduceAttrs>({ name: "Reduce", validate: validateReduce, cpu: cpuReduce, webgpu: webgpuReduce, reference: referenceReduce });
