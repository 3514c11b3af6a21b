/**
 * Two or more runs side by side: every metric with the difference between the last run and the
 * first, and every option (as a `--set` path) whose value is not the same in all of them.
 */
import { redactDeep } from "../secret-options.ts";
import type { HistoryEntry } from "../store/history.ts";

export interface MetricRow {
  stage: string;
  metric: string;
  /** One per run; null where the run has no such metric (or recorded a non-finite one). */
  values: (number | null)[];
  /** last − first, when both have a value. */
  delta: number | null;
}

export interface OptionDiff {
  /** The `--set` path: `seed`, `stages[recall.itemcf].with.neighbours`, `stages[x].plugin`. */
  path: string;
  /** One per run; undefined where the run has no such stage or option. */
  values: unknown[];
}

export interface Comparison {
  metrics: MetricRow[];
  options: OptionDiff[];
}

/** Leaves of an options object as `--set` paths; arrays are one value, as `--set k=[10,20]` gives them. */
function flatten(prefix: string, value: unknown, out: Map<string, unknown>): void {
  // an empty object adds no line: the stage's `use` line already says whether it is there
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(`${prefix}.${k}`, v, out);
  } else out.set(prefix, value);
}

function settings(e: HistoryEntry): Map<string, unknown> {
  const out = new Map<string, unknown>([["seed", e.seed]]);
  for (const s of e.stages) {
    out.set(`stages[${s.id}].use`, s.use);
    out.set(`stages[${s.id}].plugin`, `${s.plugin}@${s.version}`);
    // entries are redacted when written; redacted again in case one came from elsewhere
    flatten(`stages[${s.id}].with`, redactDeep(s.options), out);
  }
  return out;
}

/** @example compareRuns([older, newer]).metrics.find((m) => m.metric === "recall@10")?.delta */
export function compareRuns(entries: HistoryEntry[]): Comparison {
  const rows = new Map<string, MetricRow>();
  entries.forEach((e, i) => {
    for (const s of e.stages) {
      for (const [metric, v] of Object.entries(s.metrics ?? {})) {
        const key = JSON.stringify([s.id, metric]);
        if (!rows.has(key)) rows.set(key, { stage: s.id, metric, values: entries.map(() => null), delta: null });
        rows.get(key)!.values[i] = typeof v === "number" && Number.isFinite(v) ? v : null;
      }
    }
  });
  for (const r of rows.values()) {
    const [first, last] = [r.values[0], r.values.at(-1)];
    r.delta = first != null && last != null ? last - first : null;
  }
  const maps = entries.map(settings);
  const paths = [...new Set(maps.flatMap((m) => [...m.keys()]))];
  const options = paths
    .map((path) => ({ path, values: maps.map((m) => m.get(path)) }))
    .filter((d) => new Set(d.values.map((v) => JSON.stringify(v) ?? "absent")).size > 1);
  return { metrics: [...rows.values()], options };
}
