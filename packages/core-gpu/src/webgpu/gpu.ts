/**
 * The process-wide WebGPU entry point (Dawn through the `webgpu` package).
 *
 * The object returned by `create()` must stay reachable for the life of the process: when it is
 * garbage-collected, dawn.node segfaults at random inside its event processing. So it lives in
 * this module, created once, and never handed to anything that could drop it.
 */
import { create, globals } from "webgpu";

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
