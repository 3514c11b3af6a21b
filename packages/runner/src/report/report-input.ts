/** What the report is drawn from, and how it sorts metric names. */
import type { CurveArtifact } from "../builtin/eval-recs.ts";
import type { PreviousRun } from "../previous-run.ts";
import type { StageSummary } from "../summary.ts";
import type { TableStats } from "./dataset-stats.ts";
import type { ImportanceArtifact } from "./importance-section.ts";
import type { TrainingArtifact } from "./training-section.ts";

export interface ReportInput {
  pipeline: string;
  stages: StageSummary[];
  /** Recommendation tables of the run: name → scores and items. */
  recs: { name: string; score: Float32Array; item: Int32Array }[];
  backend?: string;
  seed?: number;
  /** Sizes of the interactions and splits (dataset-stats.ts). */
  dataset?: TableStats[];
  /** Each stage's options as manifest.json records them (defaults applied, secrets redacted). */
  options?: { id: string; use: string; options: unknown }[];
  /** The metric@K curve each eval.recs stage wrote (curve.<recs>). */
  curves?: { stage: string; curve: CurveArtifact }[];
  /** The run before this one, to compare with. */
  previous?: PreviousRun;
  /** Feature importance of tree rankers: each `importance.<algo>` json artifact (importance-section.ts). */
  importance?: { name: string; value: ImportanceArtifact }[];
  /** Training curves of learned stages: each `training.<algo>` json artifact (training-section.ts). */
  training?: { name: string; value: TrainingArtifact }[];
}

/** Not accuracy: how much of the catalogue and which part of it the lists use. */
export const BIAS_BASES = ["coverage", "avgpop", "gini", "longtail"];

/** "recall@10" → ["recall", 10]; undefined for a name without a numeric @K. @example splitMetric("ndcg@20") // ["ndcg", 20] */
export function splitMetric(name: string): [string, number] | undefined {
  const m = /^(.+)@(\d+)$/.exec(name);
  return m ? [m[1]!, Number(m[2])] : undefined;
}

/** Evaluation stages (any metric@K), and the metric bases and Ks they share, in first-seen order. */
export function evalMetrics(stages: StageSummary[]) {
  const evals = stages.filter((s) => Object.keys(s.metrics).some((k) => splitMetric(k)));
  const names: string[] = [];
  for (const s of evals) for (const k of Object.keys(s.metrics)) if (splitMetric(k) && !names.includes(k)) names.push(k);
  const bases = [...new Set(names.map((n) => splitMetric(n)![0]))];
  const ks = [...new Set(names.map((n) => splitMetric(n)![1]))].sort((a, b) => a - b);
  return { evals, names, accuracy: bases.filter((b) => !BIAS_BASES.includes(b)), bias: BIAS_BASES.filter((b) => bases.includes(b)), ks };
}

/** The eval stage that scores the popularity baseline (its `recs` option is recs.popular). */
export function baselineStage(r: ReportInput): string | undefined {
  const o = r.options?.find((s) => (s.options as { recs?: string } | null)?.recs === "recs.popular");
  return o && r.stages.some((s) => s.id === o.id) ? o.id : undefined;
}
