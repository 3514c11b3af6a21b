/**
 * The run the report compares with: read when a run starts, before this run's own entry is
 * appended to history.jsonl or its metrics.json replaces the last one.
 *
 * Source, in order: the last entry of history.jsonl whose status is "done" (a failed or interrupted
 * run holds the metrics of only the stages it reached, which would show as losses), else the
 * metrics.json an older runner left (no history yet), else none.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { HISTORY_FILE, readHistory } from "./store/history.ts";

export interface PreviousRun {
  /** Where it came from, for the report's caption. */
  source: string;
  finishedAt?: string;
  /** Stage id → its metrics (non-finite values dropped). */
  stages: Record<string, Record<string, number>>;
}

const finiteOnly = (m: Record<string, number | null> | undefined): Record<string, number> =>
  Object.fromEntries(Object.entries(m ?? {}).filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1])));

function fromHistory(runDir: string): PreviousRun | undefined {
  const done = readHistory(runDir).filter((e) => e.status === "done").at(-1);
  if (!done) return undefined;
  return { source: `${HISTORY_FILE} (run ${done.id})`, finishedAt: done.finishedAt, stages: Object.fromEntries(done.stages.map((s) => [s.id, finiteOnly(s.metrics)])) };
}

function fromMetricsFile(runDir: string): PreviousRun | undefined {
  const m = JSON.parse(readFileSync(join(runDir, "metrics.json"), "utf8")) as { stages?: Record<string, Record<string, number>>; finishedAt?: string };
  if (!m.stages || typeof m.stages !== "object") return undefined;
  return { source: "metrics.json", finishedAt: m.finishedAt, stages: Object.fromEntries(Object.entries(m.stages).map(([id, v]) => [id, finiteOnly(v)])) };
}

/**
 * The previous run of a run directory, or undefined (first run, or unreadable files: the report
 * then has no comparison, which is no reason to fail a run).
 * @example const previous = readPreviousRun("runs/movielens"); previous?.stages["eval.itemcf"]?.["recall@10"]
 */
export function readPreviousRun(runDir: string): PreviousRun | undefined {
  try {
    if (existsSync(join(runDir, HISTORY_FILE))) return fromHistory(runDir);
    if (existsSync(join(runDir, "metrics.json"))) return fromMetricsFile(runDir);
  } catch {}
  return undefined;
}
