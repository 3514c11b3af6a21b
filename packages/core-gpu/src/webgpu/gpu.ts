/**
 * The process-wide WebGPU entry point (Dawn through the `webgpu` package).
 *
 * The object returned by `create()` must stay reachable for the life of the process: when it is
 * garbage-collected, dawn.node segfaults at random inside its event processing. So it lives in
 * this module, created once, and never handed to anything that could drop it.
 */
import { create, globals } from "webgpu";
import { withStderrFiltered } from "./quiet-stderr.ts";

let instance: GPU | undefined;

/**
 * Returns the single `GPU` object of this process, creating it (and installing the WebGPU globals
 * such as `GPUBufferUsage`) on first use.
 * @example
 * const adapter = await processGpu().requestAdapter();
 */
export function processGpu(): GPU {
  if (!instance) {
    // Mesa's Vulkan loader wants a runtime dir; CI containers often have none.
    process.env.XDG_RUNTIME_DIR ||= "/tmp";
    Object.assign(globalThis, globals);
    instance = create([]);
  }
  return instance;
}

/**
 * Dawn's two warnings about clamping lavapipe's dynamic-buffer limits (see quiet-stderr.ts): noise
 * on every run on a machine without a GPU. Any other line Dawn prints still reaches stderr.
 */
const DAWN_LIMIT_CLAMPS = /^Warning: maxDynamic(Uniform|Storage)BuffersPerPipelineLayout artificially reduced from \d+ to \d+ to fit dynamic offset allocation limit\.\s*$/;

/**
 * `processGpu().requestAdapter(options)` without Dawn's limit-clamp warnings (printed while the
 * first call enumerates adapters). Use it rather than calling requestAdapter directly.
 * @example
 * const adapter = await requestAdapter({ powerPreference: "high-performance" });
 */
export function requestAdapter(options?: GPURequestAdapterOptions): Promise<GPUAdapter | null> {
  const gpu = processGpu();
  return withStderrFiltered(() => gpu.requestAdapter(options), DAWN_LIMIT_CLAMPS);
}
