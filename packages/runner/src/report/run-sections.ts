/** The report's run sections: dataset, score distributions, stage time and memory, the previous run, options. */
import { stringify } from "yaml";
import { formatMetric } from "../summary.ts";
import { histogram } from "./histogram.ts";
import { horizontalBars } from "./horizontal-bars.ts";
import { figure, section, table } from "./html.ts";
import { evalMetrics, type ReportInput } from "./report-input.ts";
import { esc } from "./svg.ts";

const count = (n: number) => n.toLocaleString("en-US");

/** Rows, users, items and density of the interactions and splits. @example datasetSection(input) */
export function datasetSection(r: ReportInput): string {
  if (!r.dataset?.length) return "";
  const rows = r.dataset.map((t) => [t.name, count(t.rows), count(t.users), count(t.items), t.density ? `${(t.density * 100).toPrecision(3)} %` : "–"]);
  return section("Dataset", "density = rows ÷ (users × items): the filled share of the user × item matrix.", table(["table", "rows", "users", "items", "density"], rows, "dataset"));
}

/** One histogram per recs table. @example scoresSection(input) */
export function scoresSection(r: ReportInput): string {
  const figs = r.recs.map((rec) => figure(`scores-${rec.name}`, [histogram(`Score distribution: ${rec.name}`, rec.score)], `${count(rec.score.length)} recommendations over ${count(new Set(rec.item).size)} distinct items.`));
  return figs.length ? section("Recommendation scores", "", figs.join("")) : "";
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(b < 10 * 2 ** 20 ? 1 : 0)} MiB`;

/** Stage timings and per-stage peak RSS. @example resourcesSection(input) */
export function resourcesSection(r: ReportInput): string {
  const label = (s: ReportInput["stages"][number]) => `${s.id}${s.status === "cached" ? " (cached)" : ""}`;
  let body = figure("timings", [horizontalBars("Stage timings", r.stages.map(label), r.stages.map((s) => s.seconds), (v) => `${v.toFixed(2)} s`, "seconds")], "Wall time of each stage (cached stages show the time of the run that produced them).");
  const measured = r.stages.filter((s) => s.peakRss !== undefined);
  if (measured.length) {
    body += figure("memory", [horizontalBars("Peak memory (RSS) per stage", measured.map(label), measured.map((s) => s.peakRss! / 2 ** 20), (v) => mib(v * 2 ** 20), "MiB")],
      "The process's resident-set high-water mark while each stage ran (Linux resets it per stage; elsewhere it is the run's peak so far). Cached stages show the peak of the run that produced them.");
  }
  return section("Time and memory", "", body);
}

/** This run's metrics that differ from the previous run's; the equal ones are counted. @example previousSection(input) */
export function previousSection(r: ReportInput): string {
  const title = "Compared with the previous run";
  const p = r.previous;
  if (!p) return section(title, "This is the first run in this run directory, so there is nothing to compare with.", "");
  const rows: string[][] = [];
  let same = 0;
  for (const s of evalMetrics(r.stages).evals) {
    for (const [name, now] of Object.entries(s.metrics)) {
      const before = p.stages[s.id]?.[name];
      if (before === undefined) continue;
      if (before === now) {
        same++;
        continue;
      }
      const change = before !== 0 ? `${now > before ? "+" : ""}${(((now - before) / Math.abs(before)) * 100).toFixed(1)} %` : `${now > before ? "+" : ""}${formatMetric(now - before)}`;
      rows.push([s.id, name, formatMetric(before), formatMetric(now), change]);
    }
  }
  const from = `The previous run: ${p.source}${p.finishedAt ? `, finished ${p.finishedAt}` : ""}.`;
  if (!rows.length && !same) return section(title, `${from} It has no evaluation metric in common with this run.`, "");
  const equal = same ? ` ${same} evaluation metric${same === 1 ? " is" : "s are"} unchanged${rows.length ? "; the others" : ""}` : "";
  const intro = `${from}${equal}${rows.length ? `${same ? "" : " These evaluation metrics"} changed:` : "."} \`shortlist compare\` also lists the options that differ.`;
  return section(title, intro, rows.length ? table(["stage", "metric", "previous", "now", "change"], rows, "previous") : "");
}

/** The options each stage ran with, folded. @example optionsSection(input) */
export function optionsSection(r: ReportInput): string {
  if (!r.options?.length) return "";
  const blocks = r.options.map((o) => `<h3>${esc(o.id)}${o.id !== o.use ? ` <small>(${esc(o.use)})</small>` : ""}</h3><pre>${esc(stringify(o.options ?? {}).trimEnd())}</pre>`).join("");
  return section("Options", "Each stage's options with defaults applied, as manifest.json records them (secrets redacted).", `<details><summary>Show the options of ${r.options.length} stages</summary>${blocks}</details>`);
}
