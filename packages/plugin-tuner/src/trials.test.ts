import { describe, expect, test } from "bun:test";
import { formatTrials, ranked, type TrialRecord } from "./trials.ts";

const t = (n: number, objective: number, status: "done" | "failed" = "done"): TrialRecord => ({ n, params: { "stages[a].with.k": n * 10 }, status, objective, metrics: {}, seconds: 0.5, error: status === "failed" ? "boom" : undefined });

describe("trials", () => {
  test("ranked: best first by the direction, failures last in trial order", () => {
    const trials = [t(1, 0.2), t(2, NaN, "failed"), t(3, 0.5), t(4, 0.1), t(5, NaN, "failed")];
    expect(ranked(trials, "maximise").map((x) => x.n)).toEqual([3, 1, 4, 2, 5]);
    expect(ranked(trials, "minimise").map((x) => x.n)).toEqual([4, 1, 3, 2, 5]);
  });

  test("formatTrials: short parameter names, the error column only when a trial failed", () => {
    const text = formatTrials([t(3, 0.5), t(2, NaN, "failed")], ["stages[a].with.k"], "eval:ndcg@10");
    expect(text.split("\n")[0]).toBe("trial  eval:ndcg@10  a.k  time  error");
    expect(text).toContain("failed");
    expect(formatTrials([t(3, 0.5)], ["stages[a].with.k"], "o").split("\n")[0]).not.toContain("error");
  });
});
