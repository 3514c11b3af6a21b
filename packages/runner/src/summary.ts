/** Plain-text tables for the end-of-run summary. */

/** Left-aligns the first column, right-aligns the rest. @example formatTable([["a","b"],["x","1"]]) */
export function formatTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const [head, ...body] = rows;
  if (!head) return "";
  return [line(head), widths.map((w) => "─".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

export function formatMetric(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1000 ? v.toFixed(0) : v.toFixed(4);
}

export interface StageSummary {
  id: string;
  status: "done" | "cached" | "failed";
  seconds: number;
  metrics: Record<string, number>;
  /** Peak RSS in bytes while the stage ran (stage-memory.ts); a cached stage's is its producing run's. */
  peakRss?: number;
}

/**
 * The run summary: stage timings; then evaluation metrics (names with "@K") as one table, one row per
 * metric and one column per evaluation stage; then any other stage's metrics on one line each.
 */
export function formatSummary(stages: StageSummary[]): string {
  const parts = [formatTable([["stage", "status", "time"], ...stages.map((s) => [s.id, s.status, `${s.seconds.toFixed(2)}s`])])];
  const isEval = (s: StageSummary) => Object.keys(s.metrics).some((k) => k.includes("@"));
  const evals = stages.filter(isEval);
  if (evals.length) {
    const names: string[] = [];
    for (const s of evals) for (const k of Object.keys(s.metrics)) if (!names.includes(k)) names.push(k);
    parts.push(formatTable([["metric", ...evals.map((s) => s.id)], ...names.map((n) => [n, ...evals.map((s) => (n in s.metrics ? formatMetric(s.metrics[n]!) : "–"))])]));
  }
  const others = stages.filter((s) => !isEval(s) && Object.keys(s.metrics).length > 0);
  if (others.length) parts.push(others.map((s) => `${s.id}: ${Object.entries(s.metrics).map(([k, v]) => `${k}=${formatMetric(v)}`).join(", ")}`).join("\n"));
  return parts.join("\n\n");
}
