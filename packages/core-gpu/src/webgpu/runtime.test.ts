import { describe, expect, test } from "bun:test";
import { createWebGpuBackend } from "./backend.ts";
import { GpuError } from "./errors.ts";
import type { ProgramInfo } from "./program.ts";
import { GpuRuntime } from "./runtime.ts";
import { randomFloats, seededRandom, withoutUnhandledRejections, GPU_TEST_TIMEOUT } from "./test-support.ts";
import { linearEntry, threadIndex } from "./wgsl.ts";

const rand = seededRandom(61);

/** A kernel whose WGSL does not compile. */
const BROKEN: ProgramInfo = {
  name: "brokenKernel",
  cacheKey: "",
  bindings: [{ name: "out", type: "array<f32>", access: "read_write" }],
  uniforms: [],
  body: () => `${linearEntry(64)} { out[${threadIndex(64)}] = undefined_name; }`,
};

describe("runtime", () => {
  test("acquires the adapter's maximum binding and buffer limits", async () => {
    const rt = await GpuRuntime.create();
    try {
      expect(rt.device.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 2 ** 20);
      expect(rt.maxBinding).toBe(Math.floor(Math.min(rt.device.limits.maxStorageBufferBindingSize, rt.device.limits.maxBufferSize) / 16) * 16);
      expect(rt.maxWorkgroupsPerDim).toBe(rt.device.limits.maxComputeWorkgroupsPerDimension);
      expect(rt.description.length).toBeGreaterThan(0);
    } finally {
      await rt.dispose();
    }
  }, GPU_TEST_TIMEOUT);

  test("a shader that fails validation rejects with a GpuError naming the kernel, and later calls work", async () => {
    const gpu = await createWebGpuBackend();
    try {
      const failing = gpu.runtime.op("brokenKernel", async (ctx) => {
        await ctx.run(BROKEN, [ctx.output(256)], [], [1, 1, 1]);
      });
      const err = await failing.then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(GpuError);
      expect((err as GpuError).kernel).toBe("brokenKernel");
      expect((err as GpuError).kind).toBe("validation");
      expect((err as GpuError).message).toContain("undefined_name");
      expect(Array.from(await gpu.gather(Float32Array.from([1, 2]), 1, Int32Array.from([1])))).toEqual([2]);
    } finally {
      await gpu.dispose();
    }
  }, GPU_TEST_TIMEOUT);

  test("a validation error inside a call (caught by its error scope) names the kernel", async () => {
    const gpu = await createWebGpuBackend();
    try {
      const err = await gpu.runtime.op("badCopy", async (ctx) => {
        const small = ctx.scratch(16);
        // Copying past the end of a buffer is a validation error raised on the device timeline.
        const encoder = ctx.device.createCommandEncoder();
        encoder.copyBufferToBuffer(small.buffer, 0, small.buffer, 0, small.buffer.size * 2);
        ctx.device.queue.submit([encoder.finish()]);
      }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(GpuError);
      expect((err as GpuError).kernel).toBe("badCopy");
      expect((err as GpuError).kind).toBe("validation");
    } finally {
      await gpu.dispose();
    }
  }, GPU_TEST_TIMEOUT);

  test("an error outside any call (uncaptured) fails the next call with a GpuError", async () => {
    const gpu = await createWebGpuBackend();
    try {
      const device = gpu.runtime.device;
      const raised = new Promise((resolve) => device.addEventListener("uncapturederror", resolve, { once: true }));
      device.createBuffer({ size: 16, usage: 0 }); // no usage: a validation error nobody scoped
      await raised;
      const err = await gpu.gather(new Float32Array(2), 1, Int32Array.from([0])).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(GpuError);
      expect((err as GpuError).kind).toBe("validation");
      // Reported once: the call after it runs normally.
      expect(Array.from(await gpu.gather(Float32Array.from([4, 5]), 1, Int32Array.from([1])))).toEqual([5]);
    } finally {
      await gpu.dispose();
    }
  }, GPU_TEST_TIMEOUT);

  test("device loss mid-call becomes a GpuError naming the kernel; later calls say the device is lost", async () => {
    await withoutUnhandledRejections(async () => {
      const gpu = await createWebGpuBackend();
      const scores = randomFloats(rand, 400 * 300);
      const pending = gpu.topK(scores, 400, 300, 10);
      // Lose the device while the call is in flight (destroy is how a test can cause a loss).
      await Promise.resolve();
      gpu.runtime.device.destroy();
      const err = await pending.then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(GpuError);
      expect((err as GpuError).kernel).toBe("topK");
      expect((err as GpuError).kind).toBe("device-lost");
      await gpu.runtime.device.lost;
      const next = await gpu.gather(new Float32Array(2), 1, Int32Array.from([0])).then(() => undefined, (e: unknown) => e);
      expect(next).toBeInstanceOf(GpuError);
      expect((next as GpuError).kernel).toBe("gather");
      expect((next as GpuError).kind).toBe("device-lost");
      await gpu.dispose();
    });
  }, GPU_TEST_TIMEOUT);

  test("dispose waits for the call in flight, then rejects later calls as disposed", async () => {
    await withoutUnhandledRejections(async () => {
      const gpu = await createWebGpuBackend();
      const table = randomFloats(rand, 1000 * 16);
      const pending = gpu.gather(table, 16, Int32Array.from([999, 0]));
      const disposed = gpu.dispose();
      expect(Array.from(await pending)).toEqual([...table.subarray(999 * 16), ...table.subarray(0, 16)]);
      await disposed;
      await gpu.dispose(); // idempotent
      const err = await gpu.gather(table, 16, Int32Array.from([0])).then(() => undefined, (e: unknown) => e);
      expect((err as GpuError).kind).toBe("disposed");
    });
  }, GPU_TEST_TIMEOUT);

  test("an aborted signal stops device acquisition and later calls", async () => {
    const early = new AbortController();
    early.abort(new Error("stop"));
    await expect(GpuRuntime.create({ signal: early.signal })).rejects.toThrow("stop");
    const later = new AbortController();
    const gpu = await createWebGpuBackend({ signal: later.signal });
    later.abort(new Error("cancelled"));
    await expect(gpu.gather(new Float32Array(2), 1, Int32Array.from([0]))).rejects.toThrow("cancelled");
    await gpu.dispose();
  }, GPU_TEST_TIMEOUT);

  test("creates and destroys a dozen devices, each computing correctly, without leaks or unhandled rejections", async () => {
    await withoutUnhandledRejections(async () => {
      const table = randomFloats(rand, 64 * 8);
      const ids = Int32Array.from([5, 63, 0, 5]);
      const expected = Array.from(ids).flatMap((id) => Array.from(table.subarray(id * 8, id * 8 + 8)));
      for (let i = 0; i < 12; i++) {
        const gpu = await createWebGpuBackend({ poisonOutputs: true });
        // Leave a readback pending for some of them while disposing: it must be awaited, not dropped.
        const pending = gpu.gather(table, 8, ids);
        await gpu.dispose();
        expect(Array.from(await pending)).toEqual(expected);
        expect(gpu.runtime.pool.idleByteCount).toBe(0);
      }
    });
  }, GPU_TEST_TIMEOUT);
});
