/**
 * The WebGPU column kernels: one program moves columns [fromStart, +width) of every row of
 * `from` to columns [toStart, +width) of `to` (SliceColumns: x → fresh output; AssignColumns:
 * src → dst in place). It copies u32 bits, so f32 (NaN payloads included) and i32 share it.
 * Large tensors are processed in row chunks; each chunk binds windows that start at a
 * 64-element (256-byte) boundary at or below its first row, passing the window start as a base.
 */
import { spans } from "../../webgpu/dispatch-grid.ts";
import type { ProgramInfo } from "../../webgpu/program.ts";
import { linearEntry, threadIndex } from "../../webgpu/wgsl.ts";
import { shapeText, type Tensor } from "../../tensor/tensor.ts";
import type { GpuSlice, WebGpuEngine } from "../../tensor/webgpu-engine.ts";
import { matrixView, slicedShape, type AssignColumnsAttrs, type SliceColumnsAttrs } from "./validate.ts";

const WG = 64;
const ALIGN = 64;

const MOVE: ProgramInfo = {
  name: "columns.move",
  cacheKey: "",
  bindings: [
    { name: "src", type: "array<u32>", access: "read" },
    { name: "dst", type: "array<u32>", access: "read_write" },
  ],
  uniforms: [["count", "u32"], ["width", "u32"], ["firstRow", "u32"], ["fromCols", "u32"], ["fromStart", "u32"], ["fromBase", "u32"], ["toCols", "u32"], ["toStart", "u32"], ["toBase", "u32"]],
  body: () => `${linearEntry(WG)} {
  let t = ${threadIndex(WG)};
  if (t >= u.count) { return; }
  let r = u.firstRow + t / u.width;
  let j = t % u.width;
  dst[r * u.toCols + u.toStart + j - u.toBase] = src[r * u.fromCols + u.fromStart + j - u.fromBase];
}`,
};

interface Side {
  t: Tensor;
  cols: number;
  start: number;
}

/** The window of `s` covering rows [r0, r1) of a matrix with `cols` columns, and its element base. */
function rowWindow(s: GpuSlice, cols: number, r0: number, r1: number): [GpuSlice, number] {
  const base = Math.floor((r0 * cols) / ALIGN) * ALIGN;
  return [{ buffer: s.buffer, offset: s.offset + 4 * base, bytes: 4 * (r1 * cols - base) }, base];
}

function move(engine: WebGpuEngine, kernel: string, from: Side, to: Side, rows: number, width: number): void {
  if (rows === 0 || width === 0) return;
  if (width === from.cols && width === to.cols) return engine.copy(engine.slice(from.t), engine.slice(to.t), 4 * rows * width);
  // A window spans its rows plus up to 63 elements of alignment slack.
  const perChunk = Math.floor((engine.maxBindingBytes / 4 - (ALIGN - 1)) / Math.max(from.cols, to.cols));
  if (perChunk < 1) throw new RangeError(`${kernel}: ${shapeText(from.t.shape)} → ${shapeText(to.t.shape)}: one row is over the device's ${engine.maxBindingBytes}-byte binding limit`);
  const fs = engine.slice(from.t);
  const ts = engine.slice(to.t);
  for (const c of spans(rows, perChunk)) {
    const [fw, fromBase] = rowWindow(fs, from.cols, c.start, c.end);
    const [tw, toBase] = rowWindow(ts, to.cols, c.start, c.end);
    const count = (c.end - c.start) * width;
    engine.dispatch(MOVE, [fw, tw], [count, width, c.start, from.cols, from.start, fromBase, to.cols, to.start, toBase], Math.ceil(count / WG));
  }
}

/**
 * SliceColumns recorded on the engine's encoder.
 * @example
 * const [y] = webgpuSliceColumns(gpu, [x], { start: 4, width: 4 });
 */
export function webgpuSliceColumns(engine: WebGpuEngine, [x]: readonly Tensor[], { start, width }: SliceColumnsAttrs): Tensor[] {
  const [rows, cols] = matrixView(x!.shape);
  const y = engine.empty(slicedShape(x!.shape, width), x!.dtype);
  move(engine, "SliceColumns", { t: x!, cols, start }, { t: y, cols: width, start: 0 }, rows, width);
  return [y];
}

/**
 * AssignColumns recorded on the engine's encoder (in place).
 * @example
 * webgpuAssignColumns(gpu, [dst, src], { start: 4 }); // []
 */
export function webgpuAssignColumns(engine: WebGpuEngine, [dst, src]: readonly Tensor[], { start }: AssignColumnsAttrs): Tensor[] {
  const [rows, cols] = matrixView(dst!.shape);
  const [, width] = matrixView(src!.shape);
  move(engine, "AssignColumns", { t: src!, cols: width, start: 0 }, { t: dst!, cols, start }, rows, width);
  return [];
}
