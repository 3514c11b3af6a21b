/**
 * `shortlist tune`: checks the search, runs the pipeline as written on split.valid (trial 0, alone,
 * which fills the shared cache with the stages every trial shares), then the trials in parallel
 * worker processes, keeps each
 * trial's run directory and record, picks the best on the validation split, writes best.yaml and
 * runs the chosen configuration once on the test split.
 *
 *   runs/<name>/trials/<n>/   a trial's run directory (manifest, artifacts, log.txt, trial.json)
 *   runs/<name>/cache/        every stage result of every trial, by fingerprint (cache.ts)
 *   runs/<name>/trials.parquet, tune.json   all trials; the choice and its test metrics
 *   runs/<name>/best/         the chosen configuration's run on the test split (its report.html
 *                             has a Tuning section: report-section.ts)
 *   runs/<name>/report.html   the search's page: that Tuning section, linking to best/ and trials/
 */
import { availableParallelism } from "node:os";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { acquireRunLock, ConfigError, Interrupted, loadPipeline, runPipeline, UserError, writeFileAtomic } from "@shortlist/runner/host";
import type { TuneSpec } from "./declaration.ts";
import { prepareSearch, type PreparedSearch } from "./prepare.ts";
import type { Configuration } from "./space.ts";
import { halving } from "./halving.ts";
import { harvest, seedTrial } from "./cache.ts";
import { TrialPool } from "./pool.ts";
import { coverOrder } from "./schedule.ts";
import { finishedTrial, formatTrials, ranked, saveTrial, writeTrialsTable, type TrialRecord } from "./trials.ts";
import { setsOf, writeBestYaml } from "./best-yaml.ts";
import type { TrialReply } from "./worker.ts";
import { addTuningSection, writeSearchReport } from "./report-section.ts";

export interface TuneOptions {
  file: string;
  out?: string;
  sets?: string[];
  /** Worker processes (overrides the file's `parallel:`; default the core count). */
  parallel?: number;
  allowPluginPaths?: string[];
  signal?: AbortSignal;
  stdout?: { write(s: string): unknown };
}

export interface TuneResult {
  root: string;
  trials: TrialRecord[];
  best: TrialRecord;
  bestYaml: string;
  /** The objective stage's metrics on the test split. */
  test: Record<string, number>;
}

/** @example await tune({ file: "examples/movielens-recbole.yaml" }) */
export async function tune(opts: TuneOptions): Promise<TuneResult> {
  const out = opts.stdout ?? process.stdout;
  const file = resolve(opts.file);
  const load = { sets: opts.sets ?? [], allowPluginPaths: (opts.allowPluginPaths ?? []).map((p) => resolve(p)) };
  const prepared = await prepareSearch(opts.file, load);
  if (!prepared) throw new UserError(`${opts.file} has no tune: block; add one naming the objective and the parameters (see @shortlist/plugin-tuner's README)`);
  const { base, spec, searchSets, configs } = prepared;
  const root = resolve(opts.out ?? join("runs", base.cfg.name));
  const cache = join(root, "cache");
  const objective = `${spec.objective.stage}:${spec.objective.metric}`;
  const count = spec.strategy === "halving" ? `${configs.length} configurations` : `${configs.length} trials`;
  out.write(`tune ${base.cfg.name}: ${count} (${spec.strategy}), objective ${objective} (${spec.direction}) on split.valid\n`);
  if (searchSets.length) out.write(`  search overrides: ${searchSets.join(" ")}\n`);

  mkdirSync(root, { recursive: true });
  // one search per directory (the lock `shortlist run` takes on runs/<name>/ too)
  const lock = acquireRunLock(root, (m) => process.stderr.write(`${m}\n`));
  try {
    return await search(opts, { file, load, root, cache, objective, prepared });
  } finally {
    lock.release();
  }
}

interface Search {
  file: string;
  load: { sets: string[]; allowPluginPaths: string[] };
  root: string;
  cache: string;
  objective: string;
  prepared: PreparedSearch;
}

/** The trials and the choice, while this process holds the search directory's lock. */
async function search(opts: TuneOptions, { file, load, root, cache, objective, prepared }: Search): Promise<TuneResult> {
  const out = opts.stdout ?? process.stdout;
  const { spec, searchSets, configs } = prepared;
  const trials: TrialRecord[] = [];
  let baseline = finishedTrial(join(root, "trials", "0"), {});
  const parallel = Math.max(1, opts.parallel ?? spec.parallel ?? availableParallelism());
  const pool = new TrialPool(parallel);
  out.write(`  ${parallel} worker process${parallel === 1 ? "" : "es"} × ${pool.threads} thread${pool.threads === 1 ? "" : "s"}\n`);
  // trial 0 is the pipeline as written (on split.valid): the report's reference, not a candidate
  const runOne = async (n: number, params: Configuration, label: string): Promise<TrialRecord> => {
    const dir = join(root, "trials", String(n));
    const sets = [...load.sets, ...searchSets, ...setsOf(params)];
    await harvest(dir, cache); // stages a killed search finished in this trial
    const reply = await pool.run({ n, file, out: dir, sets, allowPluginPaths: load.allowPluginPaths, cache });
    if (reply.status === "interrupted" || opts.signal?.aborted) throw new Interrupted(`interrupted during trial ${n}`);
    await harvest(dir, cache);
    const record = recordOf(reply, params, spec);
    await saveTrial(dir, record);
    out.write(`  ${label} ${record.status === "done" ? `${objective} = ${record.objective.toFixed(4)}` : `failed: ${record.error?.split("\n")[0]}`} (${record.seconds.toFixed(1)}s)\n`);
    return record;
  };
  /** Runs a batch of trials in the pool, keeping those a previous search finished. */
  const runBatch = async (batch: { n: number; params: Configuration }[], total: number): Promise<TrialRecord[]> => {
    const kept = batch.flatMap((t) => finishedTrial(join(root, "trials", String(t.n)), t.params) ?? []);
    if (kept.length) out.write(`  resuming: ${kept.length} finished trial${kept.length === 1 ? "" : "s"} kept, ${batch.length - kept.length} to run\n`);
    const todo = batch.filter((t) => !kept.some((k) => k.n === t.n));
    const done = [...kept];
    // trials a derivable stage of another trial covers run after the rest, and cut its result (schedule.ts)
    const planned = await Promise.all(todo.map(async (t) => ({ ...t, plan: (await loadPipeline(opts.file, { ...load, sets: [...load.sets, ...searchSets, ...setsOf(t.params)] })).plan })));
    for (const queue of coverOrder(planned)) {
      await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, async () => {
        for (let t = queue.shift(); t !== undefined; t = queue.shift()) done.push(await runOne(t.n, t.params, `trial ${t.n}/${total}`));
      }));
    }
    trials.push(...done);
    return done;
  };
  const onAbort = () => void pool.stop();
  opts.signal?.addEventListener("abort", onAbort);
  let candidates: TrialRecord[];
  try {
    // alone first, so the stages every trial shares are computed once and cached before the rest start
    baseline ??= await runOne(0, {}, "pipeline as written (trial 0):");
    if (spec.strategy === "halving") candidates = await halving(spec, configs, runBatch, (m) => out.write(m));
    else candidates = await runBatch(configs.map((params, i) => ({ n: i + 1, params })), configs.length);
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    await pool.close();
  }
  return finish(opts, { file, root, cache, spec, trials, candidates, baseline, load, objective, paths: [...spec.parameters.map((p) => p.path), ...(spec.budget ? [spec.budget.path] : [])], configs: trials.length });
}

/** A trial's record from its worker's reply; a missing objective metric is a config error. */
function recordOf(reply: TrialReply, params: Record<string, unknown>, spec: TuneSpec): TrialRecord {
  const value = reply.metrics[spec.objective.stage]?.[spec.objective.metric];
  if (reply.status === "done" && value === undefined) {
    const known = Object.keys(reply.metrics[spec.objective.stage] ?? {});
    throw new ConfigError(spec.objective.where, "tune.objective", `stage ${spec.objective.stage} recorded no metric "${spec.objective.metric}"`, known.length ? `one of: ${known.join(", ")}` : "a stage that records metrics (an eval stage)");
  }
  return { n: reply.n, params, status: reply.status === "done" ? "done" : "failed", objective: value ?? NaN, metrics: reply.metrics, error: reply.error, seconds: reply.seconds };
}

interface Finish {
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
}

/** Table, choice, best.yaml, and the chosen configuration's run on the test split. */
async function finish(opts: TuneOptions, f: Finish): Promise<TuneResult> {
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
  const { plan, cfg } = await loadPipeline(f.file, { ...f.load, sets });
  await seedTrial(dir, f.cache, plan, { pipeline: cfg.name, seed: cfg.seed });
  const log = { write: () => true };
  const run = await runPipeline({ file: f.file, out: dir, sets, allowPluginPaths: f.load.allowPluginPaths, stdout: log, stderr: log, signal: opts.signal });
  await harvest(dir, f.cache);
  const test = run.metrics[f.spec.objective.stage] ?? {};
  const report = { objective: f.objective, direction: f.spec.direction, stage: f.spec.objective.stage, paths: f.paths, trials: f.trials, best, baseline: f.baseline.status === "done" ? f.baseline : undefined, test };
  await addTuningSection(dir, report);
  await writeSearchReport(f.root, dir, cfg.name, report);
  await writeFileAtomic(join(f.root, "tune.json"), JSON.stringify({ objective: f.objective, direction: f.spec.direction, best: best.n, params: best.params, valid: best.objective, test, asWritten: f.baseline.objective, trials: f.trials.length, failed: f.trials.filter((t) => t.status === "failed").length }, null, 1));
  out.write(`\nbest: trial ${best.n} (${Object.entries(best.params).map(([p, v]) => `${p}=${JSON.stringify(v)}`).join(" ")})\n`);
  out.write(`  ${f.objective}: ${best.objective.toFixed(4)} on split.valid, ${test[f.spec.objective.metric]?.toFixed(4)} on split.test (run: ${dir})\n`);
  out.write(`  best.yaml: ${bestYaml}\n  trials: ${join(f.root, "trials.parquet")}\n  report: ${join(f.root, "report.html")}\n`);
  return { root: f.root, trials: sorted, best, bestYaml, test };
}
