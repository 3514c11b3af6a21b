import { describe, expect, test } from "bun:test";
import { table, UserError, type Table } from "@shortlist/runner";
import { evaluateTopK } from "@shortlist/runner/metrics";
import { runStage } from "@shortlist/runner/testing";
import plugin from "./index.ts";
import { recsName } from "./stage.ts";

const i32 = (a: number[]) => new Int32Array(a);
const i2i = table({
  item: i32([100, 100, 200, 300]),
  rank: i32([0, 1, 0, 0]),
  neighbour: i32([300, 400, 400, 100]),
  score: new Float32Array([0.9, 0.4, 0.8, 0.9]),
});
// user 7 saw 200 (latest) then 100; user 8 saw 300; user 9 saw an item without neighbours
const train = table({ user: i32([7, 7, 8, 9]), item: i32([100, 200, 300, 500]), timestamp: i32([1, 2, 1, 1]) });

describe("recall.i2i-recs", () => {
  test("recommends per user over raw ids, named recs.<algo>, in the table shape eval.recs reads", async () => {
    const { outputs, logs } = await runStage(plugin, "recall.i2i-recs", { inputs: { "i2i.itemcf": i2i, "split.train": train }, options: { i2i: "i2i.itemcf", normalize: "none", recency: "reciprocal" } });
    const recs = outputs["recs.itemcf"] as Table;
    // user 7: 400 = 0.8·1 + 0.4·1/2 = 1.0, 300 = 0.9·1/2 = 0.45; user 8: 100 (seen by 7 only) = 0.9
    expect(Array.from(recs.columns.user as Int32Array)).toEqual([7, 7, 8]);
    expect(Array.from(recs.columns.rank as Int32Array)).toEqual([0, 1, 0]);
    expect(Array.from(recs.columns.item as Int32Array)).toEqual([400, 300, 100]);
    expect(Array.from(recs.columns.score as Float32Array)).toEqual([1, Math.fround(0.45), Math.fround(0.9)]);
    const truth = { user: i32([7, 8]), item: i32([300, 999]) };
    const m = evaluateTopK({ user: recs.columns.user as Int32Array, item: recs.columns.item as Int32Array, rank: recs.columns.rank as Int32Array }, truth, { ks: [1, 2] });
    expect(m.values["recall@2"]).toBe(0.5);
    expect(m.values["recall@1"]).toBe(0);
    expect(logs[0]).toContain("3 recommendations for 2 of 3 users");
  });

  test("by default each trigger's scores are scaled to a best of 1", async () => {
    const { outputs } = await runStage(plugin, "recall.i2i-recs", { inputs: { "i2i.itemcf": i2i, "split.train": train }, options: { i2i: "i2i.itemcf", recency: "reciprocal" } });
    const recs = outputs["recs.itemcf"] as Table;
    // user 7: 400 = 0.8/0.8 + ½·0.4/0.9, 300 = ½·0.9/0.9; user 8: 100 = 0.9/0.9
    expect(Array.from(recs.columns.item as Int32Array)).toEqual([400, 300, 100]);
    expect(Array.from(recs.columns.score as Float32Array)).toEqual([Math.fround(1 + 0.2 / 0.9), 0.5, 1]);
  });

  test("defaults: recency auto is 1/√(1+p) on timed data and uniform without times, which it says", async () => {
    const timed = await runStage(plugin, "recall.i2i-recs", { inputs: { "i2i.itemcf": i2i, "split.train": train }, options: { i2i: "i2i.itemcf", normalize: "none" } });
    // user 7: 400 = 0.8·1 + 0.4/√2, 300 = 0.9/√2
    expect(Array.from((timed.outputs["recs.itemcf"] as Table).columns.score as Float32Array)).toEqual([Math.fround(0.8 + 0.4 / Math.SQRT2), Math.fround(0.9 / Math.SQRT2), Math.fround(0.9)]);
    expect(timed.logs.join("\n")).toContain("50 triggers, sqrt recency");
    // Every timestamp equal (Last.fm read with timestamp: ""): row order is no time order, every trigger counts the same.
    const flat = table({ ...train.columns, timestamp: i32([0, 0, 0, 0]) });
    const untimed = await runStage(plugin, "recall.i2i-recs", { inputs: { "i2i.itemcf": i2i, "split.train": flat }, options: { i2i: "i2i.itemcf", normalize: "none" } });
    expect(Array.from((untimed.outputs["recs.itemcf"] as Table).columns.score as Float32Array)).toEqual([Math.fround(1.2), Math.fround(0.9), Math.fround(0.9)]);
    expect(untimed.logs.join("\n")).toContain('split.train has no timestamps (none, or all equal): recency "auto" weights every trigger the same (uniform)');
  });

  test("recency weighting asked for on data without timestamps is kept, with a warning", async () => {
    const noTimes = table({ user: train.columns.user!, item: train.columns.item! });
    const { outputs, logs } = await runStage(plugin, "recall.i2i-recs", { inputs: { "i2i.itemcf": i2i, "split.train": noTimes }, options: { i2i: "i2i.itemcf", recency: "reciprocal", normalize: "none" } });
    expect(logs.join("\n")).toContain('warning: recency "reciprocal" weights triggers by how recent they are, but split.train has no timestamps');
    // row order as time: user 7's later row (200) first → 400 = 0.8 + 0.4/2
    expect((outputs["recs.itemcf"] as Table).columns.score![0]).toBe(1);
    const timed = await runStage(plugin, "recall.i2i-recs", { inputs: { "i2i.itemcf": i2i, "split.train": train }, options: { i2i: "i2i.itemcf", recency: "reciprocal" } });
    expect(timed.logs.join("\n")).not.toContain("warning");
  });

  test("triggers: 0 uses every item of the history", async () => {
    const { outputs } = await runStage(plugin, "recall.i2i-recs", { inputs: { "i2i.itemcf": i2i, "split.train": train }, options: { i2i: "i2i.itemcf", triggers: 0, recency: "uniform", normalize: "none" } });
    expect(Array.from((outputs["recs.itemcf"] as Table).columns.score as Float32Array)).toEqual([Math.fround(1.2), Math.fround(0.9), Math.fround(0.9)]);
  });

  test("exclude tables, k and an explicit output name", async () => {
    const valid = table({ user: i32([7]), item: i32([400]) });
    const { outputs } = await runStage(plugin, "recall.i2i-recs", {
      inputs: { "i2i.swing": i2i, "split.train": train, "split.valid": valid },
      options: { i2i: "i2i.swing", exclude: ["split.valid"], k: 1, output: "recs.mine" },
    });
    const recs = outputs["recs.mine"] as Table;
    expect(Array.from(recs.columns.user as Int32Array)).toEqual([7, 8]);
    expect(Array.from(recs.columns.item as Int32Array)).toEqual([300, 100]);
  });

  test("the output name is derived from i2i.<algo> or must be given", () => {
    expect(recsName({ i2i: "i2i.swing" })).toBe("recs.swing");
    expect(recsName({ i2i: "neighbours", output: "recs.n" })).toBe("recs.n");
    expect(() => recsName({ i2i: "neighbours" })).toThrow(UserError);
    const outputs = plugin.stages["recall.i2i-recs"]!.outputs as (o: unknown) => string[];
    expect(outputs({ i2i: "i2i.twotower", exclude: [] })).toEqual(["recs.twotower"]);
  });

  test("an i2i table without scores is a user error", async () => {
    const bad = table({ item: i32([100]), neighbour: i32([200]) });
    await expect(runStage(plugin, "recall.i2i-recs", { inputs: { "i2i.x": bad, "split.train": train }, options: { i2i: "i2i.x" } })).rejects.toThrow('i2i.x has no column "score"');
  });
});
