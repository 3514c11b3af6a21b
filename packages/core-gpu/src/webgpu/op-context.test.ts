import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { gridFor } from "./dispatch-grid.ts";
import { POISON_BITS } from "./op-context.ts";
import type { ProgramInfo } from "./program.ts";
import { GpuRuntime } from "./runtime.ts";
import { linearEntry, threadIndex } from "./wgsl.ts";
import { GPU_TEST_TIMEOUT } from "./test-support.ts";

let poisoned: GpuRuntime;
beforeAll(async () => {
  poisoned = await GpuRuntime.create({ poisonOutputs: true });
}, GPU_TEST_TIMEOUT);
afterAll(() => poisoned.dispose());

/** Writes x + 1 into the first `count` elements of out only. */
const PARTIAL: ProgramInfo = {
  name: "partialWrite",
  cacheKey: "",
  bindings: [
    { name: "x", type: "array<f32>", access: "read" },
    { name: "out", type: "array<f32>", access: "read_write" },
  ],
  uniforms: [["count", "u32"]],
  body: () => `${linearEntry(64)} { let t = ${threadIndex(64)}; if (t < u.count) { out[t] = x[t] + 1.0; } }`,
};

describe("op context", () => {
  test("uploads, runs and reads back; unwritten output elements show the poison", async () => {
    const x = Float32Array.from({ length: 100 }, (_, i) => i);
    const out = await poisoned.op("partialWrite", async (ctx) => {
      const o = ctx.output(4 * 100);
      await ctx.run(PARTIAL, [ctx.upload(x), o], [60], gridFor(2, poisoned.maxWorkgroupsPerDim));
      return new Uint32Array(await ctx.read(o));
    });
    const f = new Float32Array(out.buffer);
    expect(Array.from(f.subarray(0, 60))).toEqual(Array.from(x.subarray(0, 60), (v) => v + 1));
    expect(Array.from(out.subarray(60)).every((bits) => bits === POISON_BITS)).toBe(true);
  }, GPU_TEST_TIMEOUT);

  test("reuses pooled buffers across calls instead of creating new ones", async () => {
    const run = () => poisoned.op("partialWrite", async (ctx) => {
      const o = ctx.output(4 * 1000);
      await ctx.run(PARTIAL, [ctx.upload(new Float32Array(1000)), o], [1000], gridFor(16, poisoned.maxWorkgroupsPerDim));
      return new Float32Array(await ctx.read(o));
    });
    await run();
    const created = poisoned.pool.created;
    for (let i = 0; i < 5; i++) expect((await run())[999]).toBe(1);
    expect(poisoned.pool.created).toBe(created);
  }, GPU_TEST_TIMEOUT);

  test("refuses a binding above the runtime's limit (a chunking bug must not pass silently)", async () => {
    const small = await GpuRuntime.create({ maxBindingBytes: 256 });
    try {
      const err = small.op("partialWrite", async (ctx) => {
        await ctx.run(PARTIAL, [ctx.upload(new Float32Array(100)), ctx.output(400)], [100], [2, 1, 1]);
      });
      await expect(err).rejects.toThrow(/exceeds the 256-byte limit/);
    } finally {
      await small.dispose();
    }
  }, GPU_TEST_TIMEOUT);
});
