/**
 * What WebGPU adapter this process would get, and whether it is a real GPU.
 *
 * Software adapters (Mesa lavapipe/llvmpipe, SwiftShader, WARP) run WGSL correctly but slower than
 * the CPU backend, so backend selection needs to tell them apart from hardware.
 */
import { requestAdapter } from "./gpu.ts";

/** The fields of GPUAdapterInfo this package looks at, copied out of the native object. */
export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  subgroupMinSize: number;
  subgroupMaxSize: number;
}

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|softpipe|software|basic render|warp/i;
/** Requesting an adapter normally takes well under a second; a broken driver must not hang us. */
const ADAPTER_TIMEOUT_MS = 15_000;

/**
 * Copies an adapter's info into a plain object (dawn.node's info fields are getters).
 * @example
 * summarize((await requestAdapter())!.info).description;
 */
export function summarize(info: GPUAdapterInfo): AdapterSummary {
  const extra = info as GPUAdapterInfo & { isFallbackAdapter?: boolean; subgroupMinSize?: number; subgroupMaxSize?: number };
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: extra.isFallbackAdapter === true,
    subgroupMinSize: extra.subgroupMinSize ?? 0,
    subgroupMaxSize: extra.subgroupMaxSize ?? 0,
  };
}

/**
 * True when the summary describes a software rasteriser or a fallback adapter.
 * @example
 * isSoftwareAdapter({ ...s, description: "llvmpipe: Mesa 25" }); // true
 */
export function isSoftwareAdapter(s: AdapterSummary): boolean {
  return s.isFallbackAdapter || SOFTWARE.test(`${s.vendor} ${s.architecture} ${s.device} ${s.description}`);
}

/** One adapter probe per process: the answer does not change while it runs. */
let probe: Promise<AdapterSummary | null> | undefined;

/**
 * The default adapter's summary, or null when there is none (no Vulkan driver, or it timed out).
 * Never throws.
 * @example
 * const s = await probeAdapter(); if (s) console.log(s.description);
 */
export function probeAdapter(): Promise<AdapterSummary | null> {
  probe ??= (async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timeout = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), ADAPTER_TIMEOUT_MS); });
      const adapter = await Promise.race([requestAdapter({ powerPreference: "high-performance" }), timeout]);
      return adapter ? summarize(adapter.info) : null;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  })();
  return probe;
}

/**
 * True only when a hardware GPU adapter is available (not lavapipe/llvmpipe/SwiftShader/fallback).
 * Resolves false when no Vulkan driver exists at all.
 * @example
 * const backend = (await hasHardwareAdapter()) ? "webgpu" : "cpu";
 */
export async function hasHardwareAdapter(): Promise<boolean> {
  const s = await probeAdapter();
  return s !== null && !isSoftwareAdapter(s);
}

/**
 * Formats an adapter summary for logs, e.g. "llvmpipe: Mesa 25.0.7 (mesa, software adapter)".
 * @example
 * describeAdapter(summary); // "NVIDIA H100 (nvidia, hopper)"
 */
export function describeAdapter(s: AdapterSummary): string {
  const name = s.description || s.device || "unnamed adapter";
  const tags = [s.vendor, s.architecture].filter((t) => t !== "");
  if (isSoftwareAdapter(s)) tags.push("software adapter");
  return tags.length > 0 ? `${name} (${tags.join(", ")})` : name;
}

/**
 * A one-line description of the adapter WebGPU would use, or "no WebGPU adapter".
 * @example
 * console.log(`backend webgpu on ${await adapterDescription()}`);
 */
export async function adapterDescription(): Promise<string> {
  const s = await probeAdapter();
  return s ? describeAdapter(s) : "no WebGPU adapter";
}
