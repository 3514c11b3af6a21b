/**
 * Records a run in its run directory's history.jsonl when it ends, however it ends: the manifest
 * keeps only the latest result of each stage, the history keeps every run for `shortlist compare`.
 */
import { readFileSync } from "node:fs";
import { Interrupted } from "./errors.ts";
import type { PlannedStage } from "./plan.ts";
import { redactOptions, redactUrls } from "./secret-options.ts";
import { appendHistory, type HistoryEntry, type HistoryStage } from "./store/history.ts";
import { canonical } from "./store/manifest.ts";
import { hashBytes } from "./store/codec.ts";
import type { StageSummary } from "./summary.ts";
import pkg from "../package.json" with { type: "json" };

export interface HistoryStart {
  runDir: string;
  file: string;
  pipeline: string;
  seed: number;
  plan: PlannedStage[];
  sets?: string[];
  only?: string[];
  fresh?: boolean;
}

/** "20261207T101500Z-3f9a1c": sorts by start time, unique without git or a counter file. */
function runId(start: Date): string {
  const stamp = start.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${stamp}-${crypto.getRandomValues(new Uint8Array(3)).reduce((s, b) => s + b.toString(16).padStart(2, "0"), "")}`;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function historyStage(st: PlannedStage, summary: StageSummary | undefined): HistoryStage {
  const options = redactOptions(st.def.options, st.options);
  const metrics = Object.fromEntries(Object.entries(summary?.metrics ?? {}).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));
  return { id: st.config.id, use: st.config.use, plugin: st.plugin.name, version: st.plugin.version, status: summary?.status ?? "not run", seconds: summary ? round3(summary.seconds) : null, optionsHash: hashBytes(canonical(options)), options, metrics };
}

/**
 * Starts the clock; `finish(summaries, error)` appends the entry (status from the error: none is
 * "done", Interrupted is "interrupted", anything else "failed").
 * @example
 * const history = startRunHistory({ runDir, file, pipeline: cfg.name, seed: cfg.seed, plan });
 * try { await run(summaries); await history.finish(summaries); } catch (e) { await history.finish(summaries, e); throw e; }
 */
export function startRunHistory(s: HistoryStart): { finish(summaries: StageSummary[], error?: unknown): Promise<void> } {
  const start = new Date();
  // hashed now: the file may be edited while a long run goes on; never throws, as it runs under the lock
  let fileSha256 = "";
  try {
    fileSha256 = hashBytes(readFileSync(s.file));
  } catch {}
  return {
    async finish(summaries, error) {
      const end = new Date();
      const byId = new Map(summaries.map((x) => [x.id, x]));
      const entry: HistoryEntry = {
        format: 1,
        id: runId(start),
        pipeline: s.pipeline,
        file: s.file,
        fileSha256,
        sets: (s.sets ?? []).map((x) => x.split("=")[0]!),
        only: s.only ?? [],
        fresh: s.fresh ?? false,
        seed: s.seed,
        runner: pkg.version,
        bun: Bun.version,
        status: error === undefined ? "done" : error instanceof Interrupted ? "interrupted" : "failed",
        startedAt: start.toISOString(),
        finishedAt: end.toISOString(),
        seconds: round3((end.getTime() - start.getTime()) / 1000),
        stages: s.plan.map((st) => historyStage(st, byId.get(st.config.id))),
      };
      if (error !== undefined) entry.error = redactUrls((error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 500));
      await appendHistory(s.runDir, entry);
    },
  };
}
