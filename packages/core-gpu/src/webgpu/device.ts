/**
 * Device acquisition: the default adapter with its maximum limits raised through requiredLimits
 * (WebGPU otherwise caps maxBufferSize at 256 MiB and bindings at 128 MiB whatever the adapter
 * can do) and the subgroups feature when the adapter has it.
 */
import { summarize, type AdapterSummary } from "./adapter.ts";
import { GpuError } from "./errors.ts";
import { requestAdapter } from "./gpu.ts";

/** The limits this package raises to the adapter's maximum. */
const RAISED_LIMITS = [
  "maxBufferSize",
  "maxStorageBufferBindingSize",
  "maxStorageBuffersPerShaderStage",
  "maxComputeWorkgroupStorageSize",
  "maxComputeInvocationsPerWorkgroup",
  "maxComputeWorkgroupSizeX",
  "maxComputeWorkgroupSizeY",
  "maxComputeWorkgroupSizeZ",
  "maxComputeWorkgroupsPerDimension",
] as const;

export interface AcquiredDevice {
  device: GPUDevice;
  adapter: AdapterSummary;
  /** True when the device was created with the "subgroups" feature. */
  subgroups: boolean;
}

/**
 * Requests the default adapter and a device with its maximum limits. Rejects with a GpuError of
 * kind "no-adapter" when WebGPU has no adapter here, and with the signal's reason when aborted.
 * @example
 * const { device, adapter } = await acquireDevice();
 */
export async function acquireDevice(signal?: AbortSignal): Promise<AcquiredDevice> {
  signal?.throwIfAborted();
  const adapter = await requestAdapter({ powerPreference: "high-performance" });
  signal?.throwIfAborted();
  if (!adapter) throw new GpuError("device", "no-adapter", "WebGPU found no adapter (install a Vulkan driver, e.g. Mesa lavapipe: bun run setup)");
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) {
    const value = adapter.limits[name];
    if (typeof value === "number") requiredLimits[name] = value;
  }
  const subgroups = adapter.features.has("subgroups");
  const device = await adapter.requestDevice({
    label: "shortlist",
    requiredLimits,
    requiredFeatures: subgroups ? ["subgroups" as GPUFeatureName] : [],
  });
  if (signal?.aborted) {
    device.destroy();
    signal.throwIfAborted();
  }
  return { device, adapter: summarize(adapter.info), subgroups };
}
