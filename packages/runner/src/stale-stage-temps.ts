/**
 * Before a run: removes the temporary files a killed run left in every folder a stage writes to —
 * the run directory, artifacts/, and each folder a stage declares with `writesTo` (a sink's export
 * folder) — so a crash mid-write leaves nothing behind once the pipeline has run again.
 */
import { join } from "node:path";
import type { PlannedStage } from "./plan.ts";
import type { StagePaths } from "./plugin.ts";
import { removeStaleTemps } from "./store/stale-temps.ts";

/**
 * The folders the run writes into (missing ones included; they are skipped when cleaning).
 * @example stageWriteDirs(plan, { runDir, pipelineDir }) // ["runs/x", "runs/x/artifacts", "runs/x/export"]
 */
export function stageWriteDirs(plan: readonly PlannedStage[], paths: StagePaths): string[] {
  const dirs = [paths.runDir, join(paths.runDir, "artifacts")];
  for (const st of plan) dirs.push(...(st.def.writesTo?.(st.options, paths) ?? []));
  return dirs;
}

/** @example cleanStaleStageTemps(plan, { runDir, pipelineDir }, (m) => progress.log(m)) */
export function cleanStaleStageTemps(plan: readonly PlannedStage[], paths: StagePaths, log: (message: string) => void): void {
  const removed = removeStaleTemps(stageWriteDirs(plan, paths));
  if (removed.length) log(`removed ${removed.length} temporary file(s) a killed run left: ${removed.join(", ")}`);
}
