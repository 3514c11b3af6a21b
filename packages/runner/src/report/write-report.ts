/** Gathers what report.html shows from a finished run and writes it. */
import { join } from "node:path";
import type { Artifact, Table } from "../artifacts.ts";
import type { CurveArtifact } from "../builtin/eval-recs.ts";
import type { PreviousRun } from "../previous-run.ts";
import { writeFileAtomic } from "../store/atomic.ts";
import type { ArtifactRecord, Manifest } from "../store/manifest.ts";
import type { StageSummary } from "../summary.ts";
import { DATASET_TABLES, tableStats } from "./dataset-stats.ts";
import { isImportance } from "./importance-section.ts";
import { isTraining } from "./training-section.ts";
import { renderReport, type ReportInput } from "./report.ts";

export interface ReportRun {
  runDir: string;
  pipeline: string;
  seed: number;
  backend?: string;
  stages: StageSummary[];
  manifest: Manifest;
  /** Artifacts this run knows (produced or cached), and how to read one. */
  known: Map<string, { record: ArtifactRecord }>;
  load(name: string): Promise<Artifact>;
  previous?: PreviousRun;
}

/**
 * Writes runDir/report.html atomically.
 * @example await writeReport({ runDir, pipeline: cfg.name, seed: cfg.seed, stages: summaries, manifest, known, load, previous })
 */
export async function writeReport(run: ReportRun): Promise<void> {
  const recs: ReportInput["recs"] = [];
  const dataset: NonNullable<ReportInput["dataset"]> = [];
  for (const [name, a] of run.known) {
    if (!name.startsWith("recs.") || a.record.kind !== "table") continue;
    const t = (await run.load(name)) as Table;
    if (t.columns.score instanceof Float32Array && t.columns.item instanceof Int32Array) recs.push({ name, score: t.columns.score, item: t.columns.item });
  }
  for (const name of DATASET_TABLES) if (run.known.get(name)?.record.kind === "table") dataset.push(tableStats(name, (await run.load(name)) as Table));
  const ran = run.stages.map((s) => s.id);
  const options = ran.flatMap((id) => (run.manifest.stages[id] ? [{ id, use: run.manifest.stages[id]!.use, options: run.manifest.stages[id]!.options }] : []));
  const curves: NonNullable<ReportInput["curves"]> = [];
  for (const id of ran) {
    for (const [name, rec] of Object.entries(run.manifest.stages[id]?.outputs ?? {})) {
      if (!name.startsWith("curve.") || rec.kind !== "json" || !run.known.has(name)) continue;
      const curve = ((await run.load(name)) as { kind: "json"; value: CurveArtifact }).value;
      if (curve && Array.isArray(curve.k)) curves.push({ stage: id, curve });
    }
  }
  const importance = await jsonArtifacts(run, "importance.", isImportance);
  const training = await jsonArtifacts(run, "training.", isTraining);
  const html = renderReport({ pipeline: run.pipeline, stages: run.stages, recs, backend: run.backend, seed: run.seed, dataset, options, curves, previous: run.previous, importance, training });
  await writeFileAtomic(join(run.runDir, "report.html"), html);
}

/** Every json artifact named `<prefix>…` whose value has the shape the report draws (others are skipped). */
async function jsonArtifacts<T>(run: ReportRun, prefix: string, shaped: (v: unknown) => v is T): Promise<{ name: string; value: T }[]> {
  const out: { name: string; value: T }[] = [];
  for (const [name, a] of run.known) {
    if (!name.startsWith(prefix) || a.record.kind !== "json") continue;
    const value = ((await run.load(name)) as { kind: "json"; value: unknown }).value;
    if (shaped(value)) out.push({ name, value });
  }
  return out;
}
