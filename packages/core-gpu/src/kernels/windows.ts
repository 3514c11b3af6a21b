/**
 * Windows over tensors larger than one storage binding (embedding tables, their optimiser state,
 * elementwise operands, the input of a full reduction). A window is an element range whose start is a multiple of 64 elements, so its byte
 * offset stays 256-aligned whatever the row width; shaders get the window's first element and
 * length as uniforms and skip elements outside it. Windows cut rows in the middle when they
 * must, which is why they are element ranges rather than row ranges: any width works.
 * Element indices are u32 in the shaders: tables up to 2³² elements (16 GiB of f32).
 */
import { spans, type Span } from "../webgpu/dispatch-grid.ts";
import { shapeText, type Tensor } from "../tensor/tensor.ts";
import type { GpuSlice, WebGpuEngine } from "../tensor/webgpu-engine.ts";

/** Threads per workgroup of the windowed kernels (embedding, optim, elementwise). */
export const WG = 64;

/**
 * Elements per window: one binding's worth rounded down to 64 elements, and no more threads than
 * one dispatch grid holds (kernels that run a thread per window element need that).
 * @example
 * windowElems(engine); // 16384 on the forced-splits engine (64 KiB bindings)
 */
export function windowElems(engine: WebGpuEngine): number {
  const byBinding = Math.floor(engine.maxBindingBytes / 4 / 64) * 64;
  return Math.max(64, Math.min(byBinding, engine.rt.maxWorkgroupsPerDim ** 2 * WG));
}

/**
 * The windows covering `total` elements; at least one (empty for an empty tensor), so kernels
 * that must write every output (zero rows for bad ids) still run one pass.
 * @example
 * tableWindows(engine, 1000 * 33); // 3 windows at 64 KiB
 */
export function tableWindows(engine: WebGpuEngine, total: number): Span[] {
  const out = spans(total, windowElems(engine));
  return out.length > 0 ? out : [{ start: 0, end: 0 }];
}

/**
 * Elements [span.start, span.end) of a tensor's storage as a binding.
 * @example
 * engine.dispatch(p, [windowOf(engine.slice(table), w)], [w.start, w.end - w.start], groups);
 */
export function windowOf(s: GpuSlice, span: Span): GpuSlice {
  return { buffer: s.buffer, offset: s.offset + 4 * span.start, bytes: 4 * (span.end - span.start) };
}

/**
 * Throws a RangeError when a batch-sized tensor (ids, gradients, pooled output) needs more than
 * one binding: those are not split (split the batch instead); tables are.
 * @example
 * checkBinding(engine, "Gather", "output", [b, d]);
 */
export function checkBinding(engine: WebGpuEngine, kernel: string, what: string, shape: readonly number[] | Tensor): void {
  const dims = Array.isArray(shape) ? shape : (shape as Tensor).shape;
  const bytes = 4 * dims.reduce((p, d) => p * d, 1);
  if (bytes > engine.maxBindingBytes || bytes / 4 > engine.rt.maxWorkgroupsPerDim ** 2 * WG) {
    throw new RangeError(`${kernel}: ${what} ${shapeText(dims)} needs ${bytes} bytes, over the device's ${engine.maxBindingBytes}-byte binding (or dispatch) limit: split the batch`);
  }
}
