/**
 * Checking every stage's services (a sink's Redis, MongoDB, Milvus) before the first stage runs:
 * a wrong port used to fail the run at its last stage, after all the compute. The checks run side
 * by side (each has its own short timeout), and every failure is reported, not just the first.
 */
import { StageError, UserError } from "./errors.ts";
import type { PlannedStage } from "./plan.ts";

/** What each stage with a `checkServices` hook said it checked. */
export interface ServiceCheck {
  stage: string;
  checked: string;
}

/**
 * Runs the `checkServices` hook of each stage (of those `only` names, when given); throws a
 * UserError naming each failing stage and its cause (the hook names the address), or a StageError
 * (an internal error, exit 1) when a hook fails with something other than a UserError.
 * @example await checkServices(plan) // UserError: stage sink.redis: sink.redis cannot reach Redis at 127.0.0.1:6390/0: …
 */
export async function checkServices(plan: readonly PlannedStage[], only?: readonly string[]): Promise<ServiceCheck[]> {
  const stages = plan.filter((s) => s.def.checkServices && (!only?.length || only.includes(s.config.id)));
  const results = await Promise.allSettled(stages.map(async (s) => ({ stage: s.config.id, checked: (await s.def.checkServices!(s.options)) || "its services" })));
  const failures = results.flatMap((r, i) => (r.status === "rejected" ? [{ stage: stages[i]!, error: r.reason as unknown }] : []));
  const bug = failures.find((f) => !(f.error instanceof UserError));
  if (bug) throw new StageError(bug.stage.plugin.name, bug.stage.config.id, bug.error);
  if (failures.length) {
    const lines = failures.map((f) => `stage ${f.stage.config.id}: ${(f.error as Error).message}`);
    const head = failures.length === 1 ? "a service cannot be used" : `${failures.length} services cannot be used`;
    throw new UserError(`${head}, so nothing was run:\n  ${lines.join("\n  ")}`);
  }
  return results.map((r) => (r as PromiseFulfilledResult<ServiceCheck>).value);
}
