/**
 * Successive halving: every configuration runs at the smallest budget (`budget.min` of the option
 * `budget.path`: epochs, boosting rounds); the best 1/eta by the objective go on to eta times the
 * budget, and so on until `budget.max`. The best is chosen among the last rung's trials. Rungs run
 * one after another, the trials of a rung in parallel; trial numbers continue across rungs, so a
 * resumed search meets the same numbers with the same values.
 */
import type { TuneSpec } from "./declaration.ts";
import { rungBudgets, type Configuration } from "./space.ts";
import { ranked, type TrialRecord } from "./trials.ts";

type RunBatch = (batch: { n: number; params: Configuration }[], total: number) => Promise<TrialRecord[]>;

/**
 * @example const lastRung = await halving(spec, configs, runBatch, log)
 */
export async function halving(spec: TuneSpec, configs: Configuration[], runBatch: RunBatch, log: (m: string) => void): Promise<TrialRecord[]> {
  const { path, min, max } = spec.budget!;
  const budgets = rungBudgets(min, max, spec.eta);
  const sizes = budgets.reduce<number[]>((acc, _, i) => [...acc, i === 0 ? configs.length : Math.max(1, Math.ceil(acc[i - 1]! / spec.eta))], []);
  const total = sizes.reduce((a, b) => a + b, 0);
  let current = configs;
  let next = 1;
  let results: TrialRecord[] = [];
  for (const [r, budget] of budgets.entries()) {
    log(`  rung ${r + 1}/${budgets.length}: ${current.length} configuration${current.length === 1 ? "" : "s"} at ${path} = ${budget}\n`);
    const batch = current.map((c, i) => ({ n: next + i, params: { ...c, [path]: budget } }));
    next += batch.length;
    results = await runBatch(batch, total);
    const keep = sizes[r + 1];
    if (keep === undefined) break;
    const survivors = ranked(results, spec.direction).filter((t) => t.status === "done").slice(0, keep);
    if (survivors.length === 0) break;
    current = survivors.map((t) => Object.fromEntries(Object.entries(t.params).filter(([p]) => p !== path)));
  }
  return results;
}
