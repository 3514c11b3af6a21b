/**
 * The optimiser updates on the WebGPU engine. Dense: parameter, gradient and state are cut into
 * the same windows (../windows.ts) and each window is one dispatch. Sparse: the table
 * and its state are windowed alike, the batch-sized rows and values are bound whole (they must
 * fit one binding), and each window is one dispatch over all values. Rows out of range are
 * skipped (no read-back is possible here). Nothing waits for the device.
 */
import type { Tensor } from "../../tensor/tensor.ts";
import type { WebGpuEngine } from "../../tensor/webgpu-engine.ts";
import { WG, checkBinding, tableWindows, windowOf } from "../windows.ts";
import { constValues, constsOf, type UpdateAttrs } from "./attrs.ts";
import { layoutOf, type UpdateSpec } from "./validate.ts";
import { updateProgram } from "./wgsl.ts";

/**
 * The WebGPU implementation of one update kernel.
 * @example
 * defineKernel({ name: "AdamUpdate", webgpu: webgpuUpdate(spec), ... });
 */
export function webgpuUpdate(spec: UpdateSpec) {
  return (engine: WebGpuEngine, inputs: readonly Tensor[], attrs: UpdateAttrs): Tensor[] => {
    const { param, grad, rows, states, scale } = layoutOf(spec, inputs, attrs);
    const program = updateProgram(spec.kind, spec.sparse, scale !== undefined, states.length);
    const consts = constValues(constsOf(spec.kind, attrs));
    const tail = scale ? [engine.slice(scale)] : [];
    if (!rows) {
      if (param.size === 0) return [];
      for (const w of tableWindows(engine, param.size)) {
        const slices = [param, grad, ...states].map((t) => windowOf(engine.slice(t), w));
        const count = w.end - w.start;
        engine.dispatch(program, [slices[0]!, slices[1]!, ...slices.slice(2), ...tail], [count, ...consts], Math.ceil(count / WG));
      }
      return [];
    }
    const [n, d] = param.shape as [number, number];
    checkBinding(engine, spec.name, "values", grad);
    const count = grad.size;
    if (count === 0) return [];
    for (const w of tableWindows(engine, param.size)) {
      const stateSlices = states.map((t) => windowOf(engine.slice(t), w));
      const slices = [windowOf(engine.slice(param), w), engine.slice(grad), engine.slice(rows), ...stateSlices, ...tail];
      engine.dispatch(program, slices, [count, d, n, w.start, w.end - w.start, ...consts], Math.ceil(count / WG));
    }
    return [];
  };
}
