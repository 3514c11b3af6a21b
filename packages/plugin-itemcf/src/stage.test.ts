import { describe, expect, test } from "bun:test";
import { table, UserError, type Table } from "@shortlist/runner";
import { runStage, runStageStopped } from "@shortlist/runner/testing";
import plugin from "./index.ts";

const i32 = (a: number[]) => new Int32Array(a);
const cols = (t: Table) => ({
  item: Array.from(t.columns.item as Int32Array),
  rank: Array.from(t.columns.rank as Int32Array),
  neighbour: Array.from(t.columns.neighbour as Int32Array),
  score: Array.from(t.columns.score as Float32Array),
});

// u1 {10, 30}, u2 {20, 30}, u3 {30, 40, 10}
const train = table({ user: i32([1, 1, 2, 2, 3, 3, 3]), item: i32([10, 30, 20, 30, 30, 40, 10]), rating: new Float32Array(7), timestamp: i32([0, 0, 0, 0, 0, 0, 0]) });

describe("recall.itemcf", () => {
  test("MetaSpore's activity-weighted cosine by default, over raw ids, sorted by item then rank", async () => {
    const { outputs } = await runStage(plugin, "recall.itemcf", { inputs: { "split.train": train } });
    const nb = cols(outputs["i2i.itemcf"] as Table);
    // r_u = 1/|I_u|: S(10) = 1/2 + 1/3, S(20) = 1/2, S(30) = 1/2 + 1/2 + 1/3, S(40) = 1/3
    // cos(10,30) ≈ 0.791 > cos(10,40) ≈ 0.632 > cos(20,30) ≈ 0.612 > cos(30,40) = 0.5; 10 and 20 never co-occur
    expect(nb.item).toEqual([10, 10, 20, 30, 30, 30, 40, 40]);
    expect(nb.rank).toEqual([0, 1, 0, 0, 1, 2, 0, 1]);
    expect(nb.neighbour).toEqual([30, 40, 30, 10, 20, 40, 10, 30]);
    const s1030 = (1 / 2 + 1 / 3) / (Math.sqrt(1 / 2 + 1 / 3) * Math.sqrt(1 / 2 + 1 / 2 + 1 / 3));
    expect(nb.score[0]).toBeCloseTo(s1030, 6);
    expect(nb.score[7]).toBeCloseTo(0.5, 6);
    for (let r = 1; r < nb.item.length; r++) if (nb.item[r] === nb.item[r - 1]) expect(nb.score[r]!).toBeLessThanOrEqual(nb.score[r - 1]!);
  });

  test("plain cosine ties resolve by item id; neighbours and output options apply", async () => {
    const t = table({ user: i32([1, 1, 2, 2]), item: i32([10, 30, 20, 30]) });
    const { outputs } = await runStage(plugin, "recall.itemcf", {
      inputs: { "split.train": t },
      options: { activityExponent: 0, neighbours: 1, output: "i2i.cos" },
    });
    const nb = cols(outputs["i2i.cos"] as Table);
    // s(30,10) = s(30,20) = 1/√2: the lower id wins the single slot.
    expect(nb.item).toEqual([10, 20, 30]);
    expect(nb.neighbour).toEqual([30, 30, 10]);
    expect(nb.score[2]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  test("minCount drops pairs with too few shared users; shrink lowers scores", async () => {
    const { outputs } = await runStage(plugin, "recall.itemcf", { inputs: { "split.train": train }, options: { minCount: 2, activityExponent: 0 } });
    const nb = cols(outputs["i2i.itemcf"] as Table);
    // only (10,30) is shared by two users
    expect(nb.item).toEqual([10, 30]);
    expect(nb.neighbour).toEqual([30, 10]);
    const shrunk = cols((await runStage(plugin, "recall.itemcf", { inputs: { "split.train": train }, options: { minCount: 2, activityExponent: 0, shrink: 1 } })).outputs["i2i.itemcf"] as Table);
    expect(shrunk.score[0]).toBeCloseTo(2 / (Math.sqrt(2) * Math.sqrt(3) + 1), 6);
  });

  test("bad input and bad options are user errors", async () => {
    await expect(runStage(plugin, "recall.itemcf", { inputs: { "split.train": table({ user: i32([1]) }) } })).rejects.toThrow(UserError);
    await expect(runStage(plugin, "recall.itemcf", { inputs: { "split.train": train }, options: { similarity: "pearson" } })).rejects.toThrow(UserError);
    await expect(runStage(plugin, "recall.itemcf", { inputs: { "split.train": train }, options: { neighbours: 0 } })).rejects.toThrow("neighbours");
  });
});

test("recall.itemcf stops between blocks of items when the run is stopped (ctx.signal)", async () => {
  const user = Int32Array.from({ length: 40_000 }, (_, i) => i % 2000);
  const item = Int32Array.from({ length: 40_000 }, (_, i) => (i * 7919) % 3000);
  const { error, reports } = await runStageStopped(plugin, "recall.itemcf", { inputs: { "split.train": table({ user, item }) } });
  expect(error?.message).toBe("stopped by the test");
  expect(reports).toBeGreaterThan(0);
});
