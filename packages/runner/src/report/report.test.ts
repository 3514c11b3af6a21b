import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderReport } from "./report.ts";
import type { ReportInput } from "./report-input.ts";
import type { StageSummary } from "../summary.ts";
import { chromiumAvailable, renderedReport } from "./browser.ts";

const metrics = (scale: number) => {
  const m: Record<string, number> = { users: 900 };
  for (const k of [10, 20, 50]) {
    for (const b of ["precision", "recall", "map", "ndcg", "hit", "mrr"]) m[`${b}@${k}`] = scale * (0.05 + k / 200);
    Object.assign(m, { [`coverage@${k}`]: scale * 0.3, [`avgpop@${k}`]: 400 / scale, [`gini@${k}`]: 0.9 / scale, [`longtail@${k}`]: 0.05 * scale });
  }
  return m;
};
// eight evaluation stages with long names × 33 metrics: the table that used to widen the page
const algos = ["popular", "itemcf", "swing", "itemcf-with-a-rather-long-name", "swing-gamma-1.4", "twotower-simplex", "twotower-softmax", "i2i-union"];
const stages: StageSummary[] = [
  { id: "data.synthetic.movielens", status: "done", seconds: 1.2, metrics: {}, peakRss: 310 * 2 ** 20 },
  ...algos.map((a, i): StageSummary => ({ id: `eval.${a}`, status: i === 0 ? "cached" : "done", seconds: 0.3, metrics: metrics(i === 0 ? 1 : 1 + i / 4), peakRss: (200 + i) * 2 ** 20 })),
];
const recs = [{ name: "recs.itemcf", score: Float32Array.from({ length: 500 }, (_, i) => Math.sin(i) + 1), item: Int32Array.from({ length: 500 }, (_, i) => i % 77) }];
const curve = (s: number) => ({ recs: "r", users: 900, k: Array.from({ length: 100 }, (_, i) => i + 1), values: { recall: Array.from({ length: 100 }, (_, i) => s * Math.log1p(i + 1) / 5), ndcg: Array.from({ length: 100 }, (_, i) => s * Math.log1p(i + 1) / 8) } });
const input: ReportInput = {
  pipeline: "demo<x>",
  stages,
  recs,
  seed: 42,
  dataset: [
    { name: "interactions", rows: 100_000, users: 943, items: 1682, density: 100_000 / (943 * 1682) },
    { name: "split.test", rows: 943, users: 943, items: 600, density: 943 / (943 * 600) },
  ],
  options: [
    { id: "data.synthetic.movielens", use: "data.movielens", options: { path: `synthetic:ml-100k/${"very-long-path-segment/".repeat(12)}` } },
    ...algos.map((a) => ({ id: `eval.${a}`, use: "eval.recs", options: { recs: `recs.${a}`, k: [10, 20, 50] } })),
  ],
  curves: algos.slice(0, 3).map((a, i) => ({ stage: `eval.${a}`, curve: curve(1 + i / 4) })),
  previous: { source: "history.jsonl (run 20261207T101500Z-3f9a1c)", finishedAt: "2026-12-07T10:15:00Z", stages: { "eval.itemcf": { "recall@10": 0.1, "ndcg@10": 0.1, users: 900 } } },
};

test("the report shows the dataset, lift, curves, bias, memory, the previous run and the options; names are escaped", () => {
  const html = renderReport(input);
  expect(html).toContain("demo&lt;x&gt;");
  for (const id of ["metrics", "lift", "curves", "popularity", "scores-recs.itemcf", "timings", "memory"]) expect(html).toContain(`data-chart="${id}"`);
  for (const id of ["dataset", "metrics", "lift", "previous"]) expect(html).toContain(`data-table="${id}"`);
  // one panel per accuracy metric: accuracy (0.0x–0.4) and avgpop (hundreds) never share a scale
  const metricsFigure = html.slice(html.indexOf('data-chart="metrics"'), html.indexOf("</figure>", html.indexOf('data-chart="metrics"')));
  expect(metricsFigure.match(/<svg /g)?.length).toBe(6);
  expect(metricsFigure).not.toContain("avgpop");
  expect(html).toContain("<td>100,000</td><td>943</td><td>1,682</td><td>6.30 %</td>"); // density of ML-100K
  expect(html).toContain("<td>×1.25</td>"); // eval.itemcf ÷ eval.popular
  expect(html).toContain("top 20 % of items by training interaction count");
  expect(html).toContain("<td>eval.itemcf</td><td>recall@10</td><td>0.1000</td><td>0.1250</td><td>+25.0 %</td>");
  expect(html).toContain("finished 2026-12-07T10:15:00Z. 1 evaluation metric is unchanged; the others changed:");
  expect(html).not.toContain("<td>users</td>"); // unchanged rows are counted, not listed
  expect(html).toContain("very-long-path-segment");
  expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  expect(html).toContain("<td>0.1000</td>");
});

test("a first run says there is nothing to compare with", () => {
  expect(renderReport({ ...input, previous: undefined })).toContain("first run in this run directory");
});

test("in headless Chromium at 1,280 px: no sideways scroll, every chart drawn, every axis ticked, no network", async () => {
  if (!chromiumAvailable()) {
    console.log("skip: /usr/bin/chromium is not installed (scripts/setup installs it)");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "report-"));
  const file = join(dir, "report.html");
  writeFileSync(file, renderReport(input));
  const page = await renderedReport(file, 1280);
  expect(page.scrollWidth).toBeLessThanOrEqual(page.clientWidth);
  expect(page.charts.map((c) => c.id)).toEqual(["metrics", "lift", "curves", "popularity", "scores-recs.itemcf", "timings", "memory"]);
  for (const c of page.charts) {
    expect(c.width).toBeGreaterThan(100);
    expect(c.visibleMarks).toBe(c.marks);
    expect(c.marks).toBeGreaterThan(0);
    expect(c.minTicks).toBeGreaterThanOrEqual(3);
  }
  const byId = Object.fromEntries(page.charts.map((c) => [c.id, c]));
  expect(byId.timings!.visibleMarks).toBe(9);
  expect(byId.curves!.panels).toBe(2);
  expect(byId.curves!.xTickLabels).toEqual(["1", "2", "5", "10", "20", "50", "100"]);
  expect(byId["scores-recs.itemcf"]!.xTickLabels.length).toBeGreaterThan(2); // not just min and max
  // and on a narrow window too
  const narrow = await renderedReport(file, 700);
  expect(narrow.scrollWidth).toBeLessThanOrEqual(narrow.clientWidth);
}, 60_000);
