import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { gridFor } from "./dispatch-grid.ts";
import type { ProgramInfo } from "./program.ts";
import { GpuRuntime } from "./runtime.ts";
import { isNanFn, linearEntry, ranksAboveFn, threadIndex } from "./wgsl.ts";
import { GPU_TEST_TIMEOUT } from "./test-support.ts";

let rt: GpuRuntime;
beforeAll(async () => {
  // Two workgroups per dimension at most: any dispatch beyond 2 workgroups needs the 2-D fold.
  rt = await GpuRuntime.create({ poisonOutputs: true, maxWorkgroupsPerDim: 2 });
}, GPU_TEST_TIMEOUT);
afterAll(() => rt.dispose());

/** Writes each thread's linear index (and NaN / order tests of pairs of inputs) to its slot. */
const PROBE: ProgramInfo = {
  name: "wgslProbe",
  cacheKey: "",
  bindings: [
    { name: "x", type: "array<f32>", access: "read" },
    { name: "out", type: "array<u32>", access: "read_write" },
  ],
  uniforms: [["count", "u32"]],
  body: () => `${ranksAboveFn()}
${isNanFn()}
${linearEntry(4)} {
  let t = ${threadIndex(4)};
  if (t >= u.count) { return; }
  let s1 = x[2u * t]; let s2 = x[2u * t + 1u];
  out[t] = t * 4u + select(0u, 1u, isNan(s1)) + select(0u, 2u, ranksAbove(s1, t, s2, t + 1u));
}`,
};

describe("wgsl fragments", () => {
  test("a 2-D folded grid numbers every thread once, the overhang skipped", async () => {
    const count = 13; // 4 workgroups of 4 → grid [2, 2]
    const x = new Float32Array(2 * count);
    const grid = gridFor(Math.ceil(count / 4), rt.maxWorkgroupsPerDim);
    expect(grid).toEqual([2, 2, 1]);
    const out = await rt.op("wgslProbe", async (ctx) => {
      const o = ctx.output(4 * count);
      await ctx.run(PROBE, [ctx.upload(x), o], [count], grid);
      return new Uint32Array(await ctx.read(o));
    });
    expect(Array.from(out, (v) => v >> 2)).toEqual(Array.from({ length: count }, (_, i) => i));
  }, GPU_TEST_TIMEOUT);

  test("isNan and ranksAbove: NaN bits, higher score first, ties by lower id", async () => {
    const pairs = [[NaN, 1], [2, 1], [1, 2], [1, 1], [-Infinity, -Infinity], [0, -0]];
    const x = Float32Array.from(pairs.flat());
    const out = await rt.op("wgslProbe", async (ctx) => {
      const o = ctx.output(4 * pairs.length);
      await ctx.run(PROBE, [ctx.upload(x), o], [pairs.length], gridFor(Math.ceil(pairs.length / 4), rt.maxWorkgroupsPerDim));
      return new Uint32Array(await ctx.read(o));
    });
    // bit 0: first is NaN; bit 1: (s1, t) ranks above (s2, t + 1) — equal scores tie to the lower id.
    expect(Array.from(out, (v) => v & 3)).toEqual([1, 2, 0, 2, 2, 2]);
  }, GPU_TEST_TIMEOUT);
});
