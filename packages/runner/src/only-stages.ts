/**
 * `shortlist run --only <id>`: runs the named stages (always, even when cached) from the cached
 * outputs of the others, which are reused but never recomputed. Republishing a sink without
 * recomputing the pipeline is the usual use.
 */
import { UserError } from "./errors.ts";
import type { PlannedStage } from "./plan.ts";
import { suggestion } from "./config/config-error.ts";

/**
 * The set of stage ids to run, or undefined for all; an unknown id is a user error.
 * @example selectedStages(plan, ["sink.redis"]) // Set { "sink.redis" }
 */
export function selectedStages(plan: PlannedStage[], only: readonly string[] | undefined, fresh?: boolean): Set<string> | undefined {
  if (!only?.length) return undefined;
  if (fresh) throw new UserError("--only runs stages from cached inputs and --fresh recomputes every stage: give one of them");
  const ids = plan.map((s) => s.config.id);
  for (const id of only) {
    if (!ids.includes(id)) throw new UserError(`--only ${id}: the pipeline has no stage "${id}" (its stages: ${ids.join(", ")}). ${suggestion(id, ids)}`);
  }
  return new Set(only);
}

/**
 * Throws the user error for a selected stage whose inputs are not all cached; `why` says, per
 * artifact, why its producer's result could not be reused.
 */
export function requireCachedInputs(stage: PlannedStage, available: (artifact: string) => boolean, why: Map<string, string>): void {
  const missing = [...stage.inputs.values()].filter((a) => !available(a));
  if (!missing.length) return;
  const lines = missing.map((a) => `  ${a}: ${why.get(a) ?? "not produced"}`);
  throw new UserError(`--only ${stage.config.id} needs input(s) that are not cached:\n${lines.join("\n")}\n  fix: run without --only first (or add the producing stage(s) to --only)`);
}

/**
 * A stage `--only` left out whose result cannot be reused: it is not run, and its outputs are
 * remembered as missing (with why) for the error of a selected stage that needs them.
 */
export function leaveOut(stage: PlannedStage, reason: string, why: Map<string, string>, log: (message: string) => void): void {
  for (const a of stage.outputs.values()) why.set(a, `stage ${stage.config.id} has no cached result (${reason})`);
  log(`${stage.config.id}: not run (--only; ${reason})`);
}
