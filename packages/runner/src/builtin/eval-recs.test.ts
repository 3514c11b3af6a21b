import { describe, expect, test } from "bun:test";
import { table } from "../artifacts.ts";
import { runStage } from "../testing.ts";
import { builtinPlugin } from "./index.ts";

const i32 = (a: number[]) => new Int32Array(a);
const recs = table({ user: i32([1, 1, 2, 2]), rank: i32([0, 1, 0, 1]), item: i32([10, 11, 20, 21]), score: new Float32Array(4) });
const test_ = table({ user: i32([1, 2, 2]), item: i32([11, 20, 22]), rating: new Float32Array([5, 2, 4]), timestamp: i32([0, 0, 0]) });
const train = table({ user: i32([1, 2, 3, 3, 3]), item: i32([10, 11, 20, 21, 30]) });

describe("eval.recs", () => {
  test("records <metric>@<K> for each K and the number of users", async () => {
    const { metrics } = await runStage(builtinPlugin, "eval.recs", {
      inputs: { "recs.x": recs, "split.test": test_, "split.train": train },
      options: { recs: "recs.x", k: [1, 2] },
    });
    expect(metrics["recall@1"]).toBeCloseTo((0 + 0.5) / 2, 12);
    expect(metrics["recall@2"]).toBeCloseTo((1 + 0.5) / 2, 12);
    expect(metrics["hit@2"]).toBe(1);
    expect(metrics["coverage@2"]).toBeCloseTo(4 / 5, 12); // 4 of the 5 training items appear in a top-2
    expect(metrics.users).toBe(2);
    expect(Object.keys(metrics).filter((k) => k.endsWith("@2")).sort()).toEqual(
      ["coverage@2", "hit@2", "map@2", "mrr@2", "ndcg@2", "precision@2", "recall@2"],
    );
  });

  test("relevantAt keeps only highly rated held-out rows", async () => {
    const { metrics } = await runStage(builtinPlugin, "eval.recs", {
      inputs: { "recs.x": recs, "split.test": test_ },
      options: { recs: "recs.x", k: [2], metrics: ["recall"], relevantAt: 4, catalogue: "" },
    });
    // user 1 relevant {11} → 1; user 2 relevant {22} → 0
    expect(metrics["recall@2"]).toBeCloseTo(0.5, 12);
  });

  test("declares its inputs from the options", () => {
    const def = builtinPlugin.stages["eval.recs"]!;
    const o = def.options.parse({ recs: "recs.itemcf" });
    expect((def.inputs as (o: unknown) => string[])(o)).toEqual(["recs.itemcf", "split.test", "split.train?"]);
  });

  test("a truth table without relevant rows is a user error", async () => {
    const p = runStage(builtinPlugin, "eval.recs", {
      inputs: { "recs.x": recs, "split.test": test_ },
      options: { recs: "recs.x", relevantAt: 6, catalogue: "" },
    });
    await expect(p).rejects.toThrow(/no user of split.test has a relevant item/);
  });
});
