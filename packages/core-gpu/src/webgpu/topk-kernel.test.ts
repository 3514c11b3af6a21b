import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { referenceTopK } from "../reference/topk.ts";
import { GpuRuntime } from "./runtime.ts";
import { GPU_TEST_TIMEOUT, seededRandom } from "./test-support.ts";
import { roundWidth, runTopK } from "./topk-kernel.ts";

let rt: GpuRuntime;
const rand = seededRandom(81);
beforeAll(async () => {
  // 64-byte bindings: rounds of at most 16 entries.
  rt = await GpuRuntime.create({ poisonOutputs: true, maxBindingBytes: 64 });
}, GPU_TEST_TIMEOUT);
afterAll(() => rt.dispose());

describe("selection rounds", () => {
  test("roundWidth is bounded by the heap (256) and by a binding", () => {
    expect(roundWidth(10, 1 << 20)).toBe(10);
    expect(roundWidth(1000, 1 << 20)).toBe(256);
    expect(roundWidth(1000, 16)).toBe(16);
  });

  test("rounds continue below the previous round's last entry, through ties, to the exact top-K", async () => {
    const cols = 12;
    const k = 40; // three rounds of 16 on this runtime: the third finds nothing left and pads
    const scores = Float32Array.from({ length: cols }, () => Math.floor(rand() * 3));
    const top = await rt.op("topK", async (ctx) => runTopK(ctx, { scores: ctx.upload(scores), rows: 1, cols, c0: 100 }, k, undefined));
    const want = referenceTopK(scores, 1, cols, k);
    expect(Array.from(top.scores)).toEqual(Array.from(want.scores));
    // Ids come back offset by the block's first global column (c0).
    expect(Array.from(top.ids)).toEqual(Array.from(want.ids, (id) => (id < 0 ? -1 : id + 100)));
  }, GPU_TEST_TIMEOUT);
});
