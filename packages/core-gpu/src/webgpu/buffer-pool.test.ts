import { describe, expect, test } from "bun:test";
import { sizeClass } from "./buffer-pool.ts";
import { GPU_TEST_TIMEOUT } from "./test-support.ts";

describe("sizeClass", () => {
  test("rounds up to quarter octaves with at most 25% slack", () => {
    expect(sizeClass(1)).toBe(256);
    expect(sizeClass(1024)).toBe(1024);
    expect(sizeClass(1025)).toBe(1280);
    for (let b = 300; b < 1e8; b = Math.floor(b * 1.37)) {
      const c = sizeClass(b);
      expect(c).toBeGreaterThanOrEqual(b);
      expect(c).toBeLessThanOrEqual(1.25 * b);
    }
  });
});

describe("BufferPool on a device", () => {
  test("hands back released buffers of the same class and evicts above the idle cap", async () => {
    const { GpuRuntime } = await import("./runtime.ts");
    const { BufferPool } = await import("./buffer-pool.ts");
    const rt = await GpuRuntime.create();
    try {
      const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
      const pool = new BufferPool(rt.device, rt.device.limits.maxBufferSize, 4096);
      const a = pool.acquire(1000, usage);
      expect(a.size).toBe(1024);
      pool.release(a);
      expect(pool.acquire(900, usage)).toBe(a); // same class (1024)
      expect(pool.acquire(900, usage)).not.toBe(a); // a is taken
      pool.release(a);
      const big = pool.acquire(4000, usage);
      pool.release(big); // 1024 + 4096 idle > 4096: the oldest (a) is destroyed
      expect(pool.idleByteCount).toBe(4096);
      expect(pool.acquire(1000, usage)).not.toBe(a);
      expect(pool.created).toBe(4);
      pool.clear();
      expect(pool.idleByteCount).toBe(0);
    } finally {
      await rt.dispose();
    }
  }, GPU_TEST_TIMEOUT);
});
