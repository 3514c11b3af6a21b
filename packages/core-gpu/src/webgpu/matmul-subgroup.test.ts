import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { referenceMatmul } from "../reference/matmul.ts";
import { matmulUniforms } from "./matmul-program.ts";
import { subgroupMatmulProgram, subgroupTile, supportsSubgroupMatmul } from "./matmul-subgroup.ts";
import { shaderSource } from "./program.ts";
import { GpuRuntime } from "./runtime.ts";
import { expectClose, GPU_TEST_TIMEOUT, randomFloats, seededRandom } from "./test-support.ts";

let rt: GpuRuntime;
const rand = seededRandom(71);
beforeAll(async () => {
  rt = await GpuRuntime.create({ poisonOutputs: true });
}, GPU_TEST_TIMEOUT);
afterAll(() => rt.dispose());

describe("subgroup matmul", () => {
  test("supports subgroup sizes dividing 32; a subgroup covers 32 rows × 8 columns per lane", () => {
    expect([4, 8, 16, 32].every(supportsSubgroupMatmul)).toBe(true);
    expect([0, 3, 64].some(supportsSubgroupMatmul)).toBe(false);
    expect(subgroupTile(16)).toEqual([32, 128]);
  });

  test("the generated WGSL unrolls 32×8 accumulators per lane and broadcasts A", () => {
    const code = shaderSource(subgroupMatmulProgram(8));
    expect(code.startsWith("enable subgroups;")).toBe(true);
    expect(code).toContain("var acc31_7 = 0.0;");
    expect(code).not.toContain("acc32_0");
    expect(code).toContain("subgroupBroadcast(a3_3, 7u)");
  });

  test("computes op(A)·op(B) on this adapter's subgroups (k with a tail, edges off the tile)", async () => {
    const s = rt.subgroupSize;
    if (!supportsSubgroupMatmul(s)) {
      console.log(`skipped: this adapter has no fixed subgroup size dividing 32 (found ${s})`);
      return;
    }
    const [m, n, k] = [45, 70, 11];
    for (const [transA, transB] of [[false, false], [true, true]] as const) {
      const a = randomFloats(rand, m * k);
      const b = randomFloats(rand, k * n);
      const c = await rt.op("matmul", async (ctx) => {
        const out = ctx.output(4 * m * n);
        const [tm, tn] = subgroupTile(s);
        await ctx.run(subgroupMatmulProgram(s), [ctx.upload(a), ctx.upload(b), ctx.scratch(16), out],
          matmulUniforms(m, n, k, { transA, transB, bias: false, relu: false }), [Math.ceil(n / tn), Math.ceil(m / tm), 1]);
        return new Float32Array(await ctx.read(out));
      });
      expectClose(c, referenceMatmul(a, b, { m, n, k, transA, transB }));
    }
  }, GPU_TEST_TIMEOUT);
});
