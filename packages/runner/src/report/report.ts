/**
 * report.html: the run's metrics against the popularity baseline, recommendation score
 * distributions, catalogue coverage and stage timings, as inline SVG (opens offline).
 */
import type { StageSummary } from "../summary.ts";
import { esc, groupedBars, histogram, horizontalBars } from "./svg.ts";

export interface ReportInput {
  pipeline: string;
  stages: StageSummary[];
  /** Recommendation tables of the run: name → scores and items. */
  recs: { name: string; score: Float32Array; item: Int32Array }[];
  backend?: string;
}

const COUNT_METRICS = /^(users|rows|skipped|items|rows_per_s|seconds)/;

/** Splits eval metrics into accuracy metrics (K-suffixed, not coverage) and coverage. */
function metricTables(stages: StageSummary[]) {
  const evals = stages.filter((s) => Object.keys(s.metrics).some((k) => k.includes("@")));
  const names = (pred: (k: string) => boolean) => [...new Set(evals.flatMap((s) => Object.keys(s.metrics).filter(pred)))];
  const accuracy = names((k) => k.includes("@") && !k.startsWith("coverage") && !COUNT_METRICS.test(k));
  const coverage = names((k) => k.startsWith("coverage"));
  return { evals, accuracy, coverage };
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

function figure(id: string, svg: string, caption: string): string {
  return `<figure class="chart" data-chart="${id}">${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
}

/** @example const html = renderReport({ pipeline: "movielens", stages, recs: [] }) */
export function renderReport(r: ReportInput): string {
  const { evals, accuracy, coverage } = metricTables(r.stages);
  const parts: string[] = [];
  if (evals.length && accuracy.length) {
    const series = evals.map((s) => s.id);
    parts.push(figure("metrics", groupedBars("Accuracy by algorithm (the popularity baseline is the floor)", accuracy, series, accuracy.map((m) => evals.map((s) => s.metrics[m] ?? NaN))), "Each bar: one evaluation stage's metric value (higher is better)."));
    parts.push(table(["stage", ...accuracy, ...coverage], evals.map((s) => [s.id, ...[...accuracy, ...coverage].map((m) => (m in s.metrics ? s.metrics[m]!.toFixed(4) : "–"))])));
  }
  if (evals.length && coverage.length) {
    parts.push(figure("coverage", groupedBars("Catalogue coverage", coverage, evals.map((s) => s.id), coverage.map((m) => evals.map((s) => s.metrics[m] ?? NaN))), "Share of the catalogue that appears in at least one user's top-K list."));
  }
  for (const rec of r.recs) {
    const distinct = new Set(rec.item).size;
    parts.push(figure(`scores-${rec.name}`, histogram(`Score distribution: ${rec.name}`, rec.score), `${rec.score.length} recommendations over ${distinct} distinct items.`));
  }
  parts.push(figure("timings", horizontalBars("Stage timings", r.stages.map((s) => `${s.id}${s.status === "cached" ? " (cached)" : ""}`), r.stages.map((s) => s.seconds), " s"), "Wall time of each stage (cached stages show the time of the run that produced them)."));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shortlist report: ${esc(r.pipeline)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}figure{margin:1.5rem 0}figcaption{color:#555;font-size:.9rem}table{border-collapse:collapse;font-size:.9rem}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:right}td:first-child,th:first-child{text-align:left}</style></head>
<body><h1>Shortlist report: ${esc(r.pipeline)}</h1><p>Generated ${esc(new Date().toISOString())}${r.backend ? ` · backend ${esc(r.backend)}` : ""}.</p>
${parts.join("\n")}
</body></html>`;
}
