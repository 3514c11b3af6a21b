/**
 * The report's evaluation sections: metrics table, accuracy by metric (one panel and one scale per
 * metric), lift over the popularity baseline, metric@K curves, popularity bias and long tail.
 */
import { formatMetric } from "../summary.ts";
import { barChart } from "./bar-chart.ts";
import { figure, section, table } from "./html.ts";
import { lineChart } from "./line-chart.ts";
import { baselineStage, evalMetrics, type ReportInput } from "./report-input.ts";
import { HEAD_SHARE } from "../metrics/popularity-bias.ts";

type Legend = { name: string; colour: number }[];

function panels(r: ReportInput, bases: string[], legend: Legend): string[] {
  const { evals, ks } = evalMetrics(r.stages);
  return bases.map((b) => barChart(b, ks.map((k) => `@${k}`), evals.map((s, i) => ({ name: s.id, colour: legend[i]!.colour, values: ks.map((k) => s.metrics[`${b}@${k}`] ?? NaN) }))));
}

/** Accuracy panels and the metrics table. @example accuracySection(input) */
export function accuracySection(r: ReportInput): string {
  const { evals, names, accuracy } = evalMetrics(r.stages);
  if (!evals.length) return "";
  const legend = evals.map((s, i) => ({ name: s.id, colour: i }));
  const chart = accuracy.length ? figure("metrics", panels(r, accuracy, legend), "One panel per metric, each on its own scale (higher is better); bars are the evaluation stages.", legend) : "";
  const rows = names.map((n) => [n, ...evals.map((s) => (n in s.metrics ? (Math.abs(s.metrics[n]!) >= 1000 ? formatMetric(s.metrics[n]!) : s.metrics[n]!.toFixed(4)) : "–"))]);
  return section("Accuracy", "Top-K metrics of each evaluation stage against the held-out split.", chart + table(["metric", ...evals.map((s) => s.id)], rows, "metrics"));
}

/** Each stage's metrics divided by the popularity baseline's. @example liftSection(input) */
export function liftSection(r: ReportInput): string {
  const base = baselineStage(r);
  const { evals, accuracy, ks } = evalMetrics(r.stages);
  const baseline = evals.find((s) => s.id === base);
  if (!baseline) return "";
  const others = evals.map((s, i) => ({ s, colour: i })).filter((x) => x.s.id !== base);
  if (!others.length) return "";
  const lift = (s: (typeof evals)[number], n: string) => (baseline.metrics[n] ? (s.metrics[n] ?? NaN) / baseline.metrics[n]! : NaN);
  const names = accuracy.flatMap((b) => ks.map((k) => `${b}@${k}`)).filter((n) => n in baseline.metrics);
  const k = ks.at(-1)!;
  const chartNames = accuracy.map((b) => `${b}@${k}`).filter((n) => n in baseline.metrics);
  const chart = figure("lift", [barChart(`Lift at K=${k} (× ${base})`, chartNames.map((n) => n.replace(/@\d+$/, "")), others.map(({ s, colour }) => ({ name: s.id, colour, values: chartNames.map((n) => lift(s, n)) })), 1)],
    "Metric ÷ the baseline's: above the dashed line (1×) beats recommending the most popular items.", others.map(({ s, colour }) => ({ name: s.id, colour })));
  const rows = names.map((n) => [n, ...others.map(({ s }) => (Number.isFinite(lift(s, n)) ? `×${lift(s, n).toFixed(2)}` : "–"))]);
  return section("Lift over the popularity baseline", `Each stage's metric divided by ${base}'s (recommending the most popular training items the user has not seen).`, chart + table(["metric", ...others.map(({ s }) => s.id)], rows, "lift"));
}

/** metric@K for K = 1…n from each eval.recs stage's curve artifact. @example curveSection(input) */
export function curveSection(r: ReportInput): string {
  const curves = r.curves ?? [];
  if (!curves.length) return "";
  const order = evalMetrics(r.stages).evals.map((s) => s.id);
  const colour = (stage: string) => Math.max(0, order.indexOf(stage));
  const metrics = [...new Set(curves.flatMap((c) => Object.keys(c.curve.values)))];
  const charts = metrics.map((m) => lineChart(`${m}@K`, curves.filter((c) => c.curve.values[m]).map((c) => ({ name: c.stage, colour: colour(c.stage), values: c.curve.values[m]! }))));
  const maxK = Math.max(...curves.map((c) => c.curve.k.length));
  const note = maxK < 100 ? ` The curves stop at K=${maxK}, the longest list: give the recall stages a larger k for longer curves.` : "";
  return section("Metrics at every K", "", figure("curves", charts, `Each metric at K = 1…${maxK} (log scale), from the same evaluation pass as the table.${note}`, curves.map((c) => ({ name: c.stage, colour: colour(c.stage) }))));
}

/** Coverage, average popularity, Gini and long-tail share. @example biasSection(input) */
export function biasSection(r: ReportInput): string {
  const { evals, bias } = evalMetrics(r.stages);
  if (!bias.length) return "";
  const legend = evals.map((s, i) => ({ name: s.id, colour: i }));
  const head = `${Math.round(HEAD_SHARE * 100)} %`;
  return section("Popularity bias and long tail",
    `coverage: share of the catalogue in some top-K list. avgpop: mean training interaction count of the recommended items. gini: Gini coefficient of how often each catalogue item is recommended (0 = evenly, near 1 = a few items everywhere). longtail: share of recommendations outside the head, the top ${head} of items by training interaction count.`,
    figure("popularity", panels(r, bias, legend), "Over the top-K lists of the evaluated users; the training split defines popularity.", legend));
}
