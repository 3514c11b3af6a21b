import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderReport } from "./report.ts";
import type { StageSummary } from "../summary.ts";
import { chromiumAvailable, renderedCharts } from "./browser.ts";

const stages: StageSummary[] = [
  { id: "data.synthetic.movielens", status: "done", seconds: 1.2, metrics: {} },
  { id: "eval.itemcf", status: "done", seconds: 0.3, metrics: { "recall@10": 0.21, "ndcg@10": 0.25, "coverage@10": 0.4, users: 900 } },
  { id: "eval.popular", status: "cached", seconds: 0.2, metrics: { "recall@10": 0.1, "ndcg@10": 0.12, "coverage@10": 0.02, users: 900 } },
];
const recs = [{ name: "recs.itemcf", score: Float32Array.from({ length: 500 }, (_, i) => Math.sin(i) + 1), item: Int32Array.from({ length: 500 }, (_, i) => i % 77) }];

test("the report holds every chart and the metrics table, and escapes names", () => {
  const html = renderReport({ pipeline: "demo<x>", stages, recs });
  expect(html).toContain("demo&lt;x&gt;");
  for (const id of ["metrics", "coverage", "scores-recs.itemcf", "timings"]) expect(html).toContain(`data-chart="${id}"`);
  // two series × two accuracy metrics
  expect(html.match(/class="bar"/g)?.length).toBe(4 + 2);
  expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  expect(html).toContain("<td>0.2100</td>");
});

test("charts render in headless Chromium without network access", async () => {
  if (!chromiumAvailable()) {
    console.log("skip: /usr/bin/chromium is not installed (scripts/setup installs it)");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "report-"));
  const file = join(dir, "report.html");
  writeFileSync(file, renderReport({ pipeline: "demo", stages, recs }));
  const charts = await renderedCharts(file);
  expect(charts.map((c) => c.id)).toEqual(["metrics", "coverage", "scores-recs.itemcf", "timings"]);
  for (const c of charts) {
    expect(c.width).toBeGreaterThan(100);
    expect(c.marks).toBeGreaterThan(0);
    expect(c.visibleMarks).toBeGreaterThan(0);
  }
  expect(charts.find((c) => c.id === "timings")!.visibleMarks).toBe(3);
}, 60_000);
