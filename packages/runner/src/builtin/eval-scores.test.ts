import { describe, expect, test } from "bun:test";
import { table } from "../artifacts.ts";
import { runStage } from "../testing.ts";
import { builtinPlugin } from "./index.ts";

const scores = table({
  user: new Int32Array([1, 1, 2, 2]),
  item: new Int32Array([1, 2, 3, 4]),
  label: new Float32Array([1, 0, 1, 0]),
  score: new Float32Array([0.75, 0.25, 0.25, 0.75]),
});

describe("eval.scores", () => {
  test("records auc, logloss and gauc", async () => {
    const { metrics } = await runStage(builtinPlugin, "eval.scores", { inputs: { "scores.m": scores }, options: { scores: "scores.m" } });
    expect(metrics.auc).toBeCloseTo(0.5, 12); // pairs: (.75>.25)=1, (.75=.75)=.5, (.25=.25)=.5, (.25<.75)=0 → 2/4
    expect(metrics.logloss).toBeCloseTo((-2 * Math.log(0.75) - 2 * Math.log(0.25)) / 4, 6);
    expect(metrics.gauc).toBeCloseTo(0.5, 12); // user 1: AUC 1, user 2: AUC 0
    expect(metrics.gauc_users).toBe(2);
  });

  test("scores that are not probabilities make logloss a user error", async () => {
    const raw = table({ ...scores.columns, score: new Float32Array([2, -1, 0, 0]) });
    await expect(runStage(builtinPlugin, "eval.scores", { inputs: { s: raw }, options: { scores: "s", metrics: ["logloss"] } })).rejects.toThrow(
      /not a probability.*drop logloss/,
    );
  });

  test("labels other than 0/1 are rejected with the row", async () => {
    const bad = table({ ...scores.columns, label: new Float32Array([1, 0, 4, 0]) });
    await expect(runStage(builtinPlugin, "eval.scores", { inputs: { s: bad }, options: { scores: "s" } })).rejects.toThrow(/label\[2\] is 4/);
  });

  test("one class only: auc is not recorded, and the log says why", async () => {
    const one = table({ ...scores.columns, label: new Float32Array([1, 1, 1, 1]) });
    const { metrics, logs } = await runStage(builtinPlugin, "eval.scores", { inputs: { s: one }, options: { scores: "s", metrics: ["auc"] } });
    expect(metrics.auc).toBeUndefined();
    expect(logs.join("\n")).toMatch(/auc is undefined/);
  });
});
