import { describe, expect, test } from "bun:test";
import { acquireDevice } from "./device.ts";
import { processGpu } from "./gpu.ts";
import { GPU_TEST_TIMEOUT } from "./test-support.ts";

describe("acquireDevice", () => {
  test("raises the binding and buffer limits to the adapter's and enables subgroups when offered", async () => {
    const adapter = (await processGpu().requestAdapter({ powerPreference: "high-performance" }))!;
    const { device, adapter: summary, subgroups } = await acquireDevice();
    try {
      expect(device.limits.maxStorageBufferBindingSize).toBe(adapter.limits.maxStorageBufferBindingSize);
      expect(device.limits.maxBufferSize).toBe(adapter.limits.maxBufferSize);
      expect(device.limits.maxComputeWorkgroupStorageSize).toBe(adapter.limits.maxComputeWorkgroupStorageSize);
      expect(subgroups).toBe(adapter.features.has("subgroups"));
      expect(device.features.has("subgroups")).toBe(subgroups);
      expect(summary.description).toBe(adapter.info.description);
    } finally {
      device.destroy();
    }
  }, GPU_TEST_TIMEOUT);

  test("an already aborted signal rejects with its reason", async () => {
    const c = new AbortController();
    c.abort(new Error("no device today"));
    await expect(acquireDevice(c.signal)).rejects.toThrow("no device today");
  });
});
