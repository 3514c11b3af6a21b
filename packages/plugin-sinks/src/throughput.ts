import type { StageContext } from "@shortlist/runner";

/**
 * Logs and records what a sink wrote: `rows` (source rows) and `rows_per_s` over `ms`.
 * @example reportThroughput(ctx, "redis", 20_000_000, 9_100, "1,000,000 keys")
 */
export function reportThroughput(ctx: Pick<StageContext, "log" | "metrics">, where: string, rows: number, ms: number, detail = ""): number {
  const perSecond = ms > 0 ? rows / (ms / 1000) : 0;
  ctx.metrics.record("rows", rows);
  ctx.metrics.record("rows_per_s", Math.round(perSecond));
  ctx.log(`wrote ${rows.toLocaleString("en-US")} rows to ${where}${detail ? ` (${detail})` : ""} in ${(ms / 1000).toFixed(2)} s: ${Math.round(perSecond).toLocaleString("en-US")} rows/s`);
  return perSecond;
}
