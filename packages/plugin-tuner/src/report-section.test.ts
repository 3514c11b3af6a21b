import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tuningSection, writeSearchReport, type TuningReport } from "./report-section.ts";
import type { TrialRecord } from "./trials.ts";

const P = "stages[recall.itemcf].with.neighbours";
const Q = "stages[recall.itemcf].with.activityExponent";
const trial = (n: number, neighbours: number, exponent: number, ndcg: number, status: "done" | "failed" = "done"): TrialRecord => ({
  n, params: { [P]: neighbours, [Q]: exponent }, status, objective: status === "done" ? ndcg : NaN, seconds: 1,
  metrics: status === "done" ? { "eval.itemcf": { "ndcg@10": ndcg, "recall@10": ndcg / 2 } } : {}, error: status === "failed" ? "boom" : undefined,
});
const trials = [trial(1, 50, 1, 0.21), trial(2, 50, 2, 0.25), trial(3, 100, 1, 0.23), trial(4, 100, 2, 0, "failed")];
const report = (direction: "maximise" | "minimise"): TuningReport => ({
  objective: "eval.itemcf:ndcg@10", direction, stage: "eval.itemcf", paths: [P, Q], trials, best: trials[1]!,
  baseline: { ...trial(0, 20, 1, 0.2), params: {} }, test: { "ndcg@10": 0.27, "recall@10": 0.14 },
});
/** The `<title>` texts of a chart's bars: "name titlecategory = value". */
const bars = (html: string, chart: string) => {
  const fig = html.slice(html.indexOf(`data-chart="${chart}"`));
  return [...fig.slice(0, fig.indexOf("</figure>")).matchAll(/<rect class="bar"[^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1]);
};

describe("tuning section", () => {
  test("the objective per trial, the best per value of each parameter, and the metrics beside the pipeline as written's", () => {
    const html = tuningSection(report("maximise"));
    expect(bars(html, "tune-trials")).toEqual(["eval.itemcf:ndcg@10 eval.itemcf:ndcg@10#1 = 0.21", "eval.itemcf:ndcg@10 eval.itemcf:ndcg@10#2 = 0.25", "eval.itemcf:ndcg@10 eval.itemcf:ndcg@10#3 = 0.23"]);
    // neighbours 50 → best 0.25, 100 → 0.23 (the failed trial has no value); exponent 1 → 0.23, 2 → 0.25
    expect(bars(html, "tune-parameters").map((b) => b!.split(" = ")[1])).toEqual(["0.25", "0.23", "0.23", "0.25"]);
    expect(html).toContain("<td>ndcg@10</td><td>0.2000</td><td>0.2500</td><td>0.2700</td>");
    expect(html).toContain("<td>recall@10</td><td>0.1000</td><td>0.1250</td><td>0.1400</td>");
    expect(html).toContain("trial 2 (recall.itemcf.neighbours = 50, recall.itemcf.activityExponent = 2)");
  });

  test("a stage's own validation metric as objective: the final run's column is not called test", () => {
    const html = tuningSection({ ...report("maximise"), objectiveOnTest: false });
    expect(html).toContain("best, final run (the stage's own figures)");
    expect(html).not.toContain("best (test)");
    expect(tuningSection(report("maximise"))).toContain("best (test)");
  });

  test("minimise picks the lowest per value", () => {
    expect(bars(tuningSection(report("minimise")), "tune-parameters").map((b) => b!.split(" = ")[1])).toEqual(["0.21", "0.23", "0.21", "0.25"]);
  });

  test("the search's own report.html: the section under the best run's styles, linking to it", async () => {
    const root = mkdtempSync(join(tmpdir(), "tune-report-"));
    mkdirSync(join(root, "best"));
    writeFileSync(join(root, "best", "report.html"), "<!doctype html><html><head><title>Shortlist report: x</title><style>h2{}</style></head><body><h1>x</h1></body></html>");
    await writeSearchReport(root, join(root, "best"), "tune <x>", report("maximise"));
    const html = readFileSync(join(root, "report.html"), "utf8");
    expect(html).toStartWith("<!doctype html><html><head><title>Shortlist tune: tune &lt;x&gt;</title><style>h2{}</style></head><body><h1>Shortlist tune: tune &lt;x&gt;</h1>");
    expect(html).toContain('<a href="best/report.html">');
    expect(html).toContain("<h2>Tuning</h2>");
    expect(html).toEndWith("</body></html>");
  });
});
