import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { accumulateBlock } from "./matmul-accumulate.ts";
import { GpuRuntime } from "./runtime.ts";
import { GPU_TEST_TIMEOUT } from "./test-support.ts";

let rt: GpuRuntime;
beforeAll(async () => {
  rt = await GpuRuntime.create({ poisonOutputs: true });
}, GPU_TEST_TIMEOUT);
afterAll(() => rt.dispose());

describe("k-split accumulation", () => {
  test("first overwrites, later blocks add, the last adds the bias per column and applies ReLU", async () => {
    const c = await rt.op("matmul", async (ctx) => {
      const out = ctx.output(4 * 4);
      const bias = ctx.upload(Float32Array.from([10, -10]));
      await accumulateBlock(ctx, ctx.upload(Float32Array.from([1, 2, 3, 4])), bias, out, 4, 2, { first: true, bias: false, relu: false });
      await accumulateBlock(ctx, ctx.upload(Float32Array.from([1, 1, 1, 1])), bias, out, 4, 2, { first: false, bias: true, relu: true });
      return Array.from(new Float32Array(await ctx.read(out)));
    });
    expect(c).toEqual([12, 0, 14, 0]);
  }, GPU_TEST_TIMEOUT);
});
