/**
 * The trials of a search: each trial's record (`trials/<n>/trial.json`, how a resumed search knows
 * what finished), the ordering by the objective, the printed table and `trials.parquet`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { table, type Column } from "@shortlist/runner";
import { ConfigError, encodeArtifact, writeFileAtomic } from "@shortlist/runner/host";
import type { TuneSpec } from "./declaration.ts";
import type { TrialReply } from "./worker.ts";
import type { Configuration } from "./space.ts";

export interface TrialRecord {
  n: number;
  params: Configuration;
  status: "done" | "failed";
  /** The objective's value on the validation split (NaN when the trial failed). */
  objective: number;
  metrics: Record<string, Record<string, number>>;
  error?: string;
  seconds: number;
}

/** A finished trial's record if the directory holds one for exactly these values (resume). @example finishedTrial(dir, { seed: 1 }) */
export function finishedTrial(dir: string, params: Configuration): TrialRecord | undefined {
  const at = join(dir, "trial.json");
  if (!existsSync(at)) return undefined;
  try {
    const r = JSON.parse(readFileSync(at, "utf8"), (_, v) => (v === "NaN" ? NaN : v)) as TrialRecord;
    return JSON.stringify(r.params) === JSON.stringify(params) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a trial's record. @example await saveTrial(dir, record) */
export async function saveTrial(dir: string, r: TrialRecord): Promise<void> {
  await writeFileAtomic(join(dir, "trial.json"), JSON.stringify(r, (_, v) => (typeof v === "number" && Number.isNaN(v) ? "NaN" : v), 1));
}

/** Best first; failed trials last, in trial order. @example ranked(trials, "maximise")[0] // the best */
export function ranked(trials: TrialRecord[], direction: "maximise" | "minimise"): TrialRecord[] {
  const sign = direction === "maximise" ? -1 : 1;
  const key = (t: TrialRecord) => (t.status === "done" && Number.isFinite(t.objective) ? sign * t.objective : Infinity);
  return [...trials].sort((a, b) => key(a) - key(b) || a.n - b.n);
}

const show = (v: unknown) => (typeof v === "number" ? String(Number(v.toPrecision(6))) : JSON.stringify(v));

/** The table printed after a search, sorted by the objective. @example formatTrials(rankedTrials, paths, "eval.itemcf:ndcg@10") */
export function formatTrials(trials: TrialRecord[], paths: string[], objective: string): string {
  const short = paths.map((p) => p.replace(/^stages\[([^\]]+)\]\.with\./, "$1."));
  const errors = trials.some((t) => t.error);
  const rows = trials.map((t) => [String(t.n), t.status === "done" ? t.objective.toFixed(4) : "failed", ...paths.map((p) => show(t.params[p])), `${t.seconds.toFixed(1)}s`, ...(errors ? [t.error ? t.error.split("\n")[0]!.slice(0, 80) : ""] : [])]);
  const head = ["trial", objective, ...short, "time", ...(errors ? ["error"] : [])];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(head), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** trials.parquet: trial, status, objective, one column per parameter (numbers, else JSON text), seconds, error. @example await writeTrialsTable("runs/ml/trials.parquet", sorted, ["seed"]) */
export async function writeTrialsTable(at: string, trials: TrialRecord[], paths: string[]): Promise<void> {
  const columns: Record<string, Column> = {
    trial: Int32Array.from(trials, (t) => t.n),
    status: trials.map((t) => t.status),
    objective: Float64Array.from(trials, (t) => t.objective),
  };
  for (const p of paths) {
    const values = trials.map((t) => t.params[p]);
    columns[p] = values.every((v) => typeof v === "number") ? Float64Array.from(values as number[]) : values.map((v) => JSON.stringify(v));
  }
  columns.seconds = Float64Array.from(trials, (t) => t.seconds);
  columns.error = trials.map((t) => t.error ?? "");
  await writeFileAtomic(at, encodeArtifact(table(columns)));
}

/** A trial's record from its worker's reply; a missing objective metric is a config error. @example recordOf(reply, { seed: 1 }, spec).objective */
export function recordOf(reply: TrialReply, params: Record<string, unknown>, spec: TuneSpec): TrialRecord {
  const value = reply.metrics[spec.objective.stage]?.[spec.objective.metric];
  if (reply.status === "done" && value === undefined) {
    const known = Object.keys(reply.metrics[spec.objective.stage] ?? {});
    throw new ConfigError(spec.objective.where, "tune.objective", `stage ${spec.objective.stage} recorded no metric "${spec.objective.metric}"`, known.length ? `one of: ${known.join(", ")}` : "a stage that records metrics (an eval stage)");
  }
  return { n: reply.n, params, status: reply.status === "done" ? "done" : "failed", objective: value ?? NaN, metrics: reply.metrics, error: reply.error, seconds: reply.seconds };
}
