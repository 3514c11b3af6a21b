/**
 * report.html: one self-contained page (inline SVG and CSS, no script, no network) that shows what
 * the run measured: the dataset, accuracy against the popularity baseline and lift over it, metric@K
 * curves, popularity bias and long tail, score distributions, stage time and peak memory, the
 * previous run's metrics, and the options used.
 */
import { biasSection, accuracySection, curveSection, liftSection } from "./metric-sections.ts";
import { datasetSection, optionsSection, previousSection, resourcesSection, scoresSection } from "./run-sections.ts";
import type { ReportInput } from "./report-input.ts";
import { importanceSection } from "./importance-section.ts";
import { trainingSection } from "./training-section.ts";
import { esc } from "./svg.ts";

export type { ReportInput } from "./report-input.ts";

// Charts scale down (max-width) and wide tables scroll in their own box, so at 1,280 px and below
// the page itself never scrolls sideways.
const CSS = `body{font-family:system-ui,sans-serif;margin:2rem auto;padding:0 1rem;max-width:1100px;color:#222}
h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}h3{font-size:1rem;margin:1rem 0 .3rem}
figure{margin:1rem 0}figcaption,section>p{color:#555;font-size:.9rem;max-width:80ch}
.panels{display:flex;flex-wrap:wrap;gap:.5rem 1rem}svg{max-width:100%;height:auto}
.legend{list-style:none;padding:0;margin:0 0 .4rem;display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin-right:.35rem;vertical-align:-.1rem}
.table-wrap{max-width:100%;overflow-x:auto}table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}
td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:right;white-space:nowrap}td:first-child,th:first-child{text-align:left}
th{white-space:normal;overflow-wrap:anywhere;vertical-align:bottom;min-width:4.5em}
pre{background:#f6f6f6;padding:.5rem;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem}`;

/** @example const html = renderReport({ pipeline: "movielens", stages, recs: [] }) */
export function renderReport(r: ReportInput): string {
  const facts = [`Generated ${new Date().toISOString()}`, r.backend && `backend ${r.backend}`, r.seed !== undefined && `seed ${r.seed}`].filter(Boolean).join(" · ");
  const sections = [datasetSection(r), accuracySection(r), liftSection(r), curveSection(r), biasSection(r), previousSection(r), scoresSection(r), importanceSection(r), trainingSection(r), resourcesSection(r), optionsSection(r)];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Shortlist report: ${esc(r.pipeline)}</title>
<style>${CSS}</style></head>
<body><h1>Shortlist report: ${esc(r.pipeline)}</h1><p>${esc(facts)}.</p>
${sections.filter(Boolean).join("\n")}
</body></html>`;
}
