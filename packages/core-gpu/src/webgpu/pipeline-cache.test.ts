import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { GpuError } from "./errors.ts";
import type { ProgramInfo } from "./program.ts";
import { GpuRuntime } from "./runtime.ts";
import { GPU_TEST_TIMEOUT } from "./test-support.ts";

let rt: GpuRuntime;
beforeAll(async () => {
  rt = await GpuRuntime.create();
}, GPU_TEST_TIMEOUT);
afterAll(() => rt.dispose());

function program(cacheKey: string, body: string): ProgramInfo {
  return {
    name: "cacheProbe",
    cacheKey,
    bindings: [{ name: "out", type: "array<u32>", access: "read_write" }],
    uniforms: [["n", "u32"]],
    body: () => `@compute @workgroup_size(1) fn main() { ${body} }`,
  };
}

describe("pipeline cache", () => {
  test("one pipeline per cache key, shared by every later request", async () => {
    const before = rt.pipelines.compiled;
    const a = await rt.pipelines.get(program("a", "out[0] = u.n;"));
    const again = await rt.pipelines.get(program("a", "out[0] = u.n;"));
    const b = await rt.pipelines.get(program("b", "out[0] = u.n + 1u;"));
    expect(again).toBe(a);
    expect(b).not.toBe(a);
    expect(rt.pipelines.compiled - before).toBe(2);
  }, GPU_TEST_TIMEOUT);

  test("keeps bindings the shader does not use (explicit layouts, not 'auto')", async () => {
    // The body never touches `out` or `u`: with layout 'auto' the bind group would not validate.
    const unused = program("unused", "");
    const result = await rt.op("cacheProbe", async (ctx) => {
      await ctx.run(unused, [ctx.output(16)], [1], [1, 1, 1]);
      return "ran";
    });
    expect(result).toBe("ran");
  }, GPU_TEST_TIMEOUT);

  test("a compile error rejects with a GpuError and is not cached", async () => {
    const bad = program("bad", "out[0] = nope;");
    const first = await rt.pipelines.get(bad).then(() => undefined, (e: unknown) => e);
    expect(first).toBeInstanceOf(GpuError);
    expect((first as GpuError).kernel).toBe("cacheProbe");
    const sizeAfter = rt.pipelines.size;
    await rt.pipelines.get(bad).catch(() => {});
    expect(rt.pipelines.size).toBe(sizeAfter);
  }, GPU_TEST_TIMEOUT);
});
