import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Csr } from "../types.ts";
import { COUNT_PAIRS, expandPairs, UNIT_VALUES, uploadChunk, UPPER_ONLY } from "./cooccurrence-expand.ts";
import { userChunks } from "./cooccurrence-prep.ts";
import type { OpContext } from "./op-context.ts";
import { GpuRuntime } from "./runtime.ts";
import { GPU_TEST_TIMEOUT } from "./test-support.ts";

let rt: GpuRuntime;
beforeAll(async () => {
  rt = await GpuRuntime.create({ poisonOutputs: true });
}, GPU_TEST_TIMEOUT);
afterAll(() => rt.dispose());

// users × items: u0 {0, 1, 2}, u1 {1, 2}, u2 {2} with values; weights 1, 2, 3.
const x: Csr = { rows: 3, cols: 3, indptr: Int32Array.from([0, 3, 5, 6]), indices: Int32Array.from([0, 1, 2, 1, 2, 2]), values: Float32Array.from([1, 2, 3, 4, 5, 6]) };
const weights = Float32Array.from([1, 2, 3]);

/** Expands items [b0, b1) × columns [j0, j1) of x, returning the accumulator and co-counts. */
async function expand(flags: number, b0: number, b1: number, j0: number, j1: number, data: Csr = x): Promise<{ acc: number[]; cnt: number[] }> {
  return rt.op("cooccurrence", async (ctx: OpContext) => {
    const slices = uploadChunk(ctx, userChunks(data, weights, 1000)[0]!);
    const size = 4 * (b1 - b0) * (j1 - j0);
    const acc = ctx.zeros(size);
    const cnt = ctx.zeros(size);
    await expandPairs(ctx, slices, acc, cnt, b0, b1, j0, j1, flags);
    return { acc: Array.from(new Float32Array(await ctx.read(acc))), cnt: Array.from(new Uint32Array(await ctx.read(cnt))) };
  });
}

describe("pair expansion", () => {
  test("fills a block row by row with Σ w·x_i·x_j and co-counts", async () => {
    // C[1, j] = 1·2·(1, 2, 3) + 2·4·(0, 4, 5) = (2, 36, 46); C[2, j] = 1·3·(1, 2, 3) + 2·5·(0, 4, 5) + 3·6·(0, 0, 6)
    const { acc, cnt } = await expand(COUNT_PAIRS, 1, 3, 0, 3);
    expect(acc).toEqual([2, 36, 46, 3, 46, 167]);
    expect(cnt).toEqual([1, 2, 2, 1, 2, 3]);
  }, GPU_TEST_TIMEOUT);

  test("a column span keeps only its columns; without COUNT_PAIRS the counts stay zero", async () => {
    const { acc, cnt } = await expand(0, 0, 3, 1, 3);
    expect(acc).toEqual([2, 3, 36, 46, 46, 167]);
    expect(cnt).toEqual([0, 0, 0, 0, 0, 0]);
  }, GPU_TEST_TIMEOUT);

  test("UPPER_ONLY fills j ≥ i only; UNIT_VALUES (a CSR without values) sums the weights", async () => {
    expect((await expand(UPPER_ONLY, 0, 3, 0, 3)).acc).toEqual([1, 2, 3, 0, 36, 46, 0, 0, 167]);
    // Unit values: C = Σ w over shared users.
    expect((await expand(UNIT_VALUES, 0, 3, 0, 3, { ...x, values: undefined })).acc).toEqual([1, 1, 1, 1, 3, 3, 1, 3, 6]);
  }, GPU_TEST_TIMEOUT);
});
