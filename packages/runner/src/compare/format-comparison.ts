/** `shortlist compare`'s text: the runs, their metrics side by side with the change, the options that differ. */
import { formatMetric, formatTable } from "../summary.ts";
import type { Comparison } from "./compare-runs.ts";
import type { ComparedRun } from "./run-refs.ts";

/** A, B, C… as column heads (the runs are listed with their full names above the tables). */
export function columnLabel(i: number, n: number): string {
  return n <= 26 ? String.fromCharCode(65 + i) : `R${i + 1}`;
}

function formatDelta(delta: number | null, first: number | null): string {
  if (delta === null) return "–";
  const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
  const rel = first ? ` (${sign}${Math.abs((delta / first) * 100).toFixed(1)} %)` : "";
  return `${sign}${formatMetric(Math.abs(delta))}${rel}`;
}

function formatValue(v: unknown): string {
  if (v === undefined) return "(absent)";
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/**
 * @example process.stdout.write(formatComparison(runs, compareRuns(runs.map((r) => r.entry))))
 */
export function formatComparison(runs: ComparedRun[], c: Comparison): string {
  const labels = runs.map((_, i) => columnLabel(i, runs.length));
  const header = formatTable([
    ["run", "", "id", "started", "status", "time"],
    ...runs.map((r, i) => [labels[i]!, r.ref, r.entry.id, r.entry.startedAt.replace("T", " ").slice(0, 19), r.entry.status, `${r.entry.seconds.toFixed(1)}s`]),
  ]);
  const deltaHead = `Δ ${labels.at(-1)} − ${labels[0]}`;
  const metrics = c.metrics.length
    ? formatTable([["stage", "metric", ...labels, deltaHead], ...c.metrics.map((m) => [m.stage, m.metric, ...m.values.map((v) => (v === null ? "–" : formatMetric(v))), formatDelta(m.delta, m.values[0] ?? null)])])
    : "metrics: none recorded in these runs";
  const options = c.options.length
    ? formatTable([["option that differs", ...labels], ...c.options.map((o) => [o.path, ...o.values.map(formatValue)])])
    : "options: the same in every run";
  return [header, metrics, options].join("\n\n");
}
