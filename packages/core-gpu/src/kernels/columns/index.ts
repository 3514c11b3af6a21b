/**
 * Registers the column kernels. "SliceColumns": [x] with { start, width } → x's columns
 * start … start + width − 1 (shape: x's with the last dimension = width). "AssignColumns":
 * [dst, src] with { start } writes src into dst's columns start … start + w − 1 in place and
 * returns []. Concatenation along features is an empty tensor plus one AssignColumns per part;
 * a split is SliceColumns; each is the other's backward.
 * @example
 * import "./kernels/columns/index.ts";
 * const [left] = runKernel("SliceColumns", [x], { start: 0, width: 8 });
 * runKernel("AssignColumns", [joined, left], { start: 0 });
 */
import { defineKernel } from "../../tensor/registry.ts";
import { cpuAssignColumns, cpuSliceColumns } from "./cpu.ts";
import { referenceAssignColumns, referenceSliceColumns } from "./reference.ts";
import { validateAssignColumns, validateSliceColumns, type AssignColumnsAttrs, type SliceColumnsAttrs } from "./validate.ts";
import { webgpuAssignColumns, webgpuSliceColumns } from "./wgsl.ts";

export { slicedShape, type AssignColumnsAttrs, type SliceColumnsAttrs } from "./validate.ts";

defineKernel<SliceColumnsAttrs>({ name: "SliceColumns", validate: validateSliceColumns, cpu: cpuSliceColumns, webgpu: webgpuSliceColumns, reference: referenceSliceColumns });
defineKernel<AssignColumnsAttrs>({ name: "AssignColumns", validate: validateAssignColumns, cpu: cpuAssignColumns, webgpu: webgpuAssignColumns, reference: referenceAssignColumns });
