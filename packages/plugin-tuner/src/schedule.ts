/**
 * The order a batch of trials runs in, so that derivable stages (a stage definition's `derive`,
 * see derive.ts) are computed once and cut for the rest: a trial whose stage another trial of the
 * batch strictly covers (ItemCF at `neighbours: 100` against the same options at 1600) runs only
 * after every trial that covers nothing of it has finished, and then derives that stage from the
 * cache. A trial covered by none runs first. Which trials are covered is read from their planned
 * options; whether a stage is actually derived is decided when a trial starts, from the cache's
 * fingerprints and input hashes (cache.ts), so this order only saves time, never changes a result.
 */
import type { PlannedStage } from "@shortlist/runner/host";

/**
 * Splits `trials` (with their plans) into those to run first and those to run after them.
 * @example const [first, later] = coverOrder([{ n: 1, plan }, { n: 2, plan: plan2 }])
 */
export function coverOrder<T extends { plan: PlannedStage[] }>(trials: T[]): [T[], T[]] {
  const first: T[] = [];
  const later: T[] = [];
  for (const t of trials) (trials.some((o) => o !== t && strictlyCovers(o.plan, t.plan)) ? later : first).push(t);
  return [first, later];
}

/** Whether some derivable stage of `b` is covered by the same stage of `a`, but not the reverse. */
function strictlyCovers(a: PlannedStage[], b: PlannedStage[]): boolean {
  return b.some((sb) => {
    const sa = a.find((s) => s.config.id === sb.config.id);
    const d = sb.def.derive;
    return d !== undefined && sa !== undefined && sa.def === sb.def && d.covers(sa.options, sb.options) && !d.covers(sb.options, sa.options);
  });
}
