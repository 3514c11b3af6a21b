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
}

/** The run summary: stage timings, then one metrics table (rows: stages with metrics; columns: metric names). */
export function formatSummary(stages: StageSummary[]): string {
  const timing = formatTable([["stage", "status", "time"], ...stages.map((s) => [s.id, s.status, `${s.seconds.toFixed(2)}s`])]);
  const withMetrics = stages.filter((s) => Object.keys(s.metrics).length > 0);
  if (withMetrics.length === 0) return timing;
  const cols: string[] = [];
  for (const s of withMetrics) for (const k of Object.keys(s.metrics)) if (!cols.includes(k)) cols.push(k);
  if (cols.length > withMetrics.length) {
    // many metrics, few stages: one row per metric reads better than a very wide table
    const metrics = formatTable([["metric", ...withMetrics.map((s) => s.id)], ...cols.map((c) => [c, ...withMetrics.map((s) => (c in s.metrics ? formatMetric(s.metrics[c]!) : "–"))])]);
    return `${timing}\n\n${metrics}`;
  }
  const metrics = formatTable([["metrics", ...cols], ...withMetrics.map((s) => [s.id, ...cols.map((c) => (c in s.metrics ? formatMetric(s.metrics[c]!) : "–"))])]);
  return `${timing}\n\n${metrics}`;
}
