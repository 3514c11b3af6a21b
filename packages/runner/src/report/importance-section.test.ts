import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromiumAvailable, renderedReport } from "./browser.ts";
import { importanceSection, isImportance } from "./importance-section.ts";
import { renderReport } from "./report.ts";
import type { ReportInput } from "./report-input.ts";

const base: ReportInput = { pipeline: "p", stages: [], recs: [] };

test("importance: bars of gain and split count, biggest gain first, unused features counted", () => {
  const value = { feature: ["noise", "item_mean_rating", "constant", "user_count"], gain: [3, 120, 0, 40], split: [5, 30, 0, 9] };
  const html = importanceSection({ ...base, importance: [{ name: "importance.gbdt", value }] });
  expect(html).toContain('data-chart="importance-importance.gbdt"');
  expect(html.match(/<svg /g)?.length).toBe(2);
  const order = ["item_mean_rating", "user_count", "noise", "constant"].map((f) => html.indexOf(`>${f}<`));
  expect(order.every((p, i) => p > 0 && (i === 0 || p > order[i - 1]!))).toBe(true);
  expect(html).toContain("1 feature was never split on");
  expect(html).toContain("item_mean_rating: 120");
});

test("no importance artifact, no section; malformed values are not importance", () => {
  expect(importanceSection(base)).toBe("");
  expect(isImportance({ feature: ["a"], gain: [1] })).toBe(false);
  expect(isImportance({ feature: ["a"], gain: [1], split: [1] })).toBe(true);
});

test("in headless Chromium at 1,280 and 700 px: both importance charts drawn, no sideways scroll", async () => {
  if (!chromiumAvailable()) {
    console.log("skip: /usr/bin/chromium is not installed (scripts/setup installs it)");
    return;
  }
  const feature = Array.from({ length: 25 }, (_, f) => `a_rather_long_feature_name_${f}`);
  const value = { feature, gain: feature.map((_, f) => 1000 / (f + 1)), split: feature.map((_, f) => 50 - f) };
  const file = join(mkdtempSync(join(tmpdir(), "report-importance-")), "report.html");
  writeFileSync(file, renderReport({ ...base, importance: [{ name: "importance.gbdt", value }] }));
  for (const width of [1280, 700]) {
    const page = await renderedReport(file, width);
    expect(page.scrollWidth).toBeLessThanOrEqual(page.clientWidth);
    const chart = page.charts.find((c) => c.id === "importance-importance.gbdt")!;
    expect(chart.panels).toBe(2);
    expect(chart.visibleMarks).toBe(chart.marks);
    expect(chart.marks).toBeGreaterThanOrEqual(30); // 15 bars per panel
    expect(chart.minTicks).toBeGreaterThanOrEqual(3);
  }
}, 60_000);
