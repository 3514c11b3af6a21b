/**
 * The WebGPU "Reduce". Rows and columns bind x whole (x is an activation here: over the binding
 * limit is a RangeError). "all" serves parameters too (gradient norms), so it splits: windows of
 * at most one binding (starts 256-byte aligned) each reduce to 64 partials, and the partials are
 * reduced the same way until one workgroup can finish them.
 */
import { spans } from "../../webgpu/dispatch-grid.ts";
import type { GpuSlice, WebGpuEngine } from "../../tensor/webgpu-engine.ts";
import { shapeText, type Tensor } from "../../tensor/tensor.ts";
import { windowElems, windowOf } from "../windows.ts";
import { matrixView, reducedShape, type ReduceAttrs } from "./validate.ts";
import { columnGroups, columnsProgram, PARTIALS, partialsProgram, rowsProgram, type CombineKind, type MapKind } from "./wgsl.ts";

/** Up to this many elements one workgroup finishes "all" alone. */
const SINGLE_PASS = 4096;

/** Reduces n elements of `x` (mapped by `map`) into out[0], dividing by `div` at the end. */
function reduceAll(engine: WebGpuEngine, x: GpuSlice, n: number, map: MapKind, combine: CombineKind, div: number, out: GpuSlice): void {
  if (n <= SINGLE_PASS) {
    engine.dispatch(rowsProgram(map, combine), [windowOf(x, { start: 0, end: n }), out], [1, n, div], 1);
    return;
  }
  const windows = spans(n, windowElems(engine));
  const partials = engine.empty([windows.length * PARTIALS]);
  const ps = engine.slice(partials);
  windows.forEach((w, i) => {
    const count = w.end - w.start;
    engine.dispatch(partialsProgram(map, combine), [windowOf(x, w), windowOf(ps, { start: i * PARTIALS, end: (i + 1) * PARTIALS })], [count, Math.ceil(count / PARTIALS), 1], PARTIALS);
  });
  reduceAll(engine, ps, windows.length * PARTIALS, "id", combine, div, out);
  partials.dispose(); // its buffer returns to the pool only after the recorded work is submitted
}

/**
 * Reduce recorded on the engine's encoder.
 * @example
 * const [s] = webgpuReduce(gpu, [x], { op: "sumSquares", axis: "all" }); // [1, 1]
 */
export function webgpuReduce(engine: WebGpuEngine, [x]: readonly Tensor[], { op, axis }: ReduceAttrs): Tensor[] {
  const [rows, cols] = matrixView(x!.shape);
  const map: MapKind = op === "sumSquares" ? "square" : "id";
  const combine: CombineKind = op === "max" ? "max" : "sum";
  const count = axis === 1 ? cols : axis === 0 ? rows : rows * cols;
  const div = op === "mean" ? Math.max(count, 1) : 1;
  const out = engine.empty(reducedShape(rows, cols, axis));
  const xs = engine.slice(x!);
  if (axis === "all") {
    reduceAll(engine, xs, rows * cols, map, combine, div, engine.slice(out));
    return [out];
  }
  if (xs.bytes > engine.maxBindingBytes) {
    out.dispose();
    throw new RangeError(`Reduce ${op} axis ${axis}: x ${shapeText(x!.shape)} is ${xs.bytes} bytes, over the device's ${engine.maxBindingBytes}-byte binding limit (only axis "all" splits)`);
  }
  if (axis === 1) engine.dispatch(rowsProgram(map, combine), [xs, engine.slice(out)], [rows, cols, div], rows);
  else engine.dispatch(columnsProgram(map, combine), [xs, engine.slice(out)], [rows, cols, div], columnGroups(cols));
  return [out];
}
