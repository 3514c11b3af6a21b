/** Typed errors of the WebGPU backend: every GPU failure names the kernel that was running. */

/** What went wrong on the GPU side. */
export type GpuErrorKind = "device-lost" | "validation" | "out-of-memory" | "internal" | "disposed" | "no-adapter";

/**
 * A failure of the GPU runtime or of a kernel (`kernel` is its name, e.g. "matmul").
 * @example
 * try { await backend.topK(s, 1, 3, 2); } catch (e) { if (e instanceof GpuError) console.log(e.kernel, e.kind); }
 */
export class GpuError extends Error {
  override readonly name = "GpuError";
  constructor(
    readonly kernel: string,
    readonly kind: GpuErrorKind,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`webgpu kernel "${kernel}": ${kind}: ${detail}`, options);
  }
}

/**
 * Maps a WebGPU error object (from an error scope or an uncapturederror event) to its kind.
 * @example
 * gpuErrorKind(new GPUValidationError("bad")); // "validation"
 */
export function gpuErrorKind(e: GPUError): GpuErrorKind {
  if (typeof GPUValidationError !== "undefined" && e instanceof GPUValidationError) return "validation";
  if (typeof GPUOutOfMemoryError !== "undefined" && e instanceof GPUOutOfMemoryError) return "out-of-memory";
  return "internal";
}
