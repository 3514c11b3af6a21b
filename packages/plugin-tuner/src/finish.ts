/**
 * The end of a search: the trials table (parquet, and printed best first), the choice among the
 * candidates, `<pipeline>.best.yaml`, the chosen configuration's run on split.test (in the worker
 * that ran the best trial, which holds its inputs decoded), the Tuning section of its report, the
 * search's own report.html and tune.json.
 */
import { join } from "node:path";
import { Interrupted, loadPipeline, runPipeline, UserError, writeFileAtomic } from "@shortlist/runner/host";
import type { TuneSpec } from "./declaration.ts";
import { harvest, seedTrial } from "./cache.ts";
import { formatTrials, ranked, writeTrialsTable, type TrialRecord } from "./trials.ts";
import { setsOf, writeBestYaml } from "./best-yaml.ts";
import type { TrialReply, TrialRequest } from "./worker.ts";
import { addTuningSection, writeSearchReport } from "./report-section.ts";
import type { TuneOptions, TuneResult } from "./search.ts";

export interface Finish {
  file: string;
  root: string;
  cache: string;
  spec: TuneSpec;
  trials: TrialRecord[];
  /** The trials the best is chosen from (halving: the last rung's). */
  candidates: TrialRecord[];
  baseline: TrialRecord;
  load: { sets: string[]; allowPluginPaths: string[] };
  objective: string;
  paths: string[];
  configs: number;
  /** Runs the chosen configuration's final run in a worker. */
  final(best: TrialRecord, req: TrialRequest): Promise<TrialReply>;
}

/** The final run in this process (after the worker's failed): seeded from the cache, then run. */
async function finalHere(file: string, dir: string, cache: string, sets: string[], allowPluginPaths: string[], signal?: AbortSignal) {
  const { plan, cfg } = await loadPipeline(file, { sets, allowPluginPaths });
  await seedTrial(dir, cache, plan, { pipeline: cfg.name, seed: cfg.seed });
  const log = { write: () => true };
  return runPipeline({ file, out: dir, sets, allowPluginPaths, stdout: log, stderr: log, signal });
}

/**
 * Table, choice, best.yaml, and the chosen configuration's run on the test split.
 * @example return finish(opts, { file, root, cache, spec, trials, candidates, baseline, load, objective, paths, configs, final })
 */
export async function finish(opts: TuneOptions, f: Finish): Promise<TuneResult> {
  const out = opts.stdout ?? process.stdout;
  const sorted = ranked(f.trials, f.spec.direction);
  await writeTrialsTable(join(f.root, "trials.parquet"), sorted, f.paths);
  out.write(`\n${formatTrials(sorted, f.paths, `${f.objective} (valid)`)}\n`);
  const best = ranked(f.candidates, f.spec.direction)[0] ?? sorted[0]!;
  if (best.status !== "done") throw new UserError(`every trial failed (the first: ${best.error?.split("\n")[0]}); see ${join(f.root, "trials", String(best.n), "log.txt")}`);
  const sets = [...f.load.sets, ...setsOf(best.params)];
  const note = `tuned by \`shortlist tune\`: trial ${best.n} of ${f.configs}, ${f.objective} = ${best.objective.toFixed(4)} on split.valid`;
  const bestYaml = await writeBestYaml(f.file, sets, note);
  const dir = join(f.root, "best");
  const { cfg, plan } = await loadPipeline(f.file, { ...f.load, sets });
  // in the worker that ran the best trial (seeded from the cache there, as a trial is), without a log
  const reply = await f.final(best, { n: best.n, file: f.file, out: dir, sets, allowPluginPaths: f.load.allowPluginPaths, cache: f.cache, quiet: true });
  if (reply.status === "interrupted" || opts.signal?.aborted) throw new Interrupted("interrupted during the final run on split.test");
  // a failure there is run again here, so that it is reported as `shortlist run` reports it
  const metrics = reply.status === "done" ? reply.metrics : (await finalHere(f.file, dir, f.cache, sets, f.load.allowPluginPaths, opts.signal)).metrics;
  await harvest(dir, f.cache);
  const test = metrics[f.spec.objective.stage] ?? {};
  const objectiveOnTest = plan.find((s) => s.config.id === f.spec.objective.stage)?.def.kind === "eval";
  const report = { objective: f.objective, direction: f.spec.direction, stage: f.spec.objective.stage, paths: f.paths, trials: f.trials, best, baseline: f.baseline.status === "done" ? f.baseline : undefined, test, objectiveOnTest };
  await addTuningSection(dir, report);
  await writeSearchReport(f.root, dir, cfg.name, report);
  await writeFileAtomic(join(f.root, "tune.json"), JSON.stringify({ objective: f.objective, direction: f.spec.direction, best: best.n, params: best.params, valid: best.objective, test, asWritten: f.baseline.objective, trials: f.trials.length, failed: f.trials.filter((t) => t.status === "failed").length }, null, 1));
  out.write(`\nbest: trial ${best.n} (${Object.entries(best.params).map(([p, v]) => `${p}=${JSON.stringify(v)}`).join(" ")})\n`);
  if (objectiveOnTest) out.write(`  ${f.objective}: ${best.objective.toFixed(4)} on split.valid, ${test[f.spec.objective.metric]?.toFixed(4)} on split.test (run: ${dir})\n`);
  else {
    // a stage's own validation figure (rank.widedeep:valid_auc) is a validation figure in the final run too: give the eval stages' test figures instead
    out.write(`  ${f.objective}: ${best.objective.toFixed(4)} on split.valid (measured by the stage on validation rows, in the final run too: ${test[f.spec.objective.metric]?.toFixed(4)}) (run: ${dir})\n`);
    for (const s of plan.filter((s) => s.def.kind === "eval" && metrics[s.config.id])) out.write(`  ${s.config.id} on split.test: ${Object.entries(metrics[s.config.id]!).map(([k, v]) => `${k} ${typeof v === "number" && !Number.isInteger(v) ? v.toFixed(4) : v}`).join(", ")}\n`);
  }
  out.write(`  best.yaml: ${bestYaml}\n  trials: ${join(f.root, "trials.parquet")}\n  report: ${join(f.root, "report.html")}\n`);
  return { root: f.root, trials: sorted, best, bestYaml, test };
}
