import { describe, expect, test } from "bun:test";
import { table } from "../artifacts.ts";
import { runStage } from "../testing.ts";
import { builtinPlugin } from "./index.ts";
import type { CurveArtifact } from "./eval-recs.ts";
import { gini } from "../metrics/index.ts";

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
      ["avgpop@2", "coverage@2", "gini@2", "hit@2", "longtail@2", "map@2", "mrr@2", "ndcg@2", "precision@2", "recall@2"],
    );
  });

  test("writes the metric@K curve from the same pass, cut at the longest list", async () => {
    const { outputs, metrics, logs } = await runStage(builtinPlugin, "eval.recs", {
      inputs: { "recs.x": recs, "split.test": test_, "split.train": train },
      options: { recs: "recs.x", k: [1, 2] },
    });
    const curve = (outputs["curve.recs.x"] as { kind: "json"; value: CurveArtifact }).value;
    expect(curve.k).toEqual([1, 2]); // lists hold 2 items, so K = 1…100 stops at 2
    for (const k of [1, 2]) for (const m of ["recall", "ndcg", "coverage"]) expect(curve.values[m]![k - 1]).toBeCloseTo(metrics[`${m}@${k}`]!, 12);
    expect(logs.join("\n")).toContain("curve cut at K=2");
  });

  test("popularity bias against split.train: avgpop, gini, long-tail share", async () => {
    const { metrics } = await runStage(builtinPlugin, "eval.recs", {
      inputs: { "recs.x": recs, "split.test": test_, "split.train": train },
      options: { recs: "recs.x", k: [2], metrics: ["recall"] },
    });
    // training counts: 10,11,20,21,30 once each; head = ceil(0.2 × 5) = 1 item (10, lowest id)
    expect(metrics["avgpop@2"]).toBe(1);
    expect(metrics["longtail@2"]).toBeCloseTo(3 / 4, 12); // 11, 20, 21 of 10, 11, 20, 21
    expect(metrics["gini@2"]).toBeCloseTo(gini([1, 1, 1, 1, 0]), 12);
    const off = await runStage(builtinPlugin, "eval.recs", {
      inputs: { "recs.x": recs, "split.test": test_, "split.train": train },
      options: { recs: "recs.x", k: [2], metrics: ["recall"], popularityBias: false, curve: 0 },
    });
    expect(Object.keys(off.metrics).sort()).toEqual(["recall@2", "users"]);
    expect(Object.keys(off.outputs)).toEqual([]);
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
    expect((def.outputs as (o: unknown) => string[])(o)).toEqual(["curve.recs.itemcf"]);
  });

  test("a truth table without relevant rows is a user error", async () => {
    const p = runStage(builtinPlugin, "eval.recs", {
      inputs: { "recs.x": recs, "split.test": test_ },
      options: { recs: "recs.x", relevantAt: 6, catalogue: "" },
    });
    await expect(p).rejects.toThrow(/no user of split.test has a relevant item/);
  });
});
