/**
 * `shortlist tune`: starts the worker processes, checks the search, runs the pipeline as written on
 * split.valid (trial 0, which fills the shared cache with the stages every trial shares; the trials
 * start beside it once those are cached), then the trials in parallel worker processes (schedule.ts:
 * which lane, in which order), keeps each trial's run directory and record, picks the best on the
 * validation split, writes best.yaml and runs the chosen configuration once on the test split
 * (finish.ts).
 *
 *   runs/<name>/trials/<n>/   a trial's run directory (manifest, artifacts, log.txt, trial.json)
 *   runs/<name>/cache/        every stage result of every trial, by fingerprint (cache.ts)
 *   runs/<name>/trials.parquet, tune.json   all trials; the choice and its test metrics
 *   runs/<name>/best/         the chosen configuration's run on the test split (its report.html
 *                             has a Tuning section: report-section.ts)
 *   runs/<name>/report.html   the search's page: that Tuning section, linking to best/ and trials/
 */
import { existsSync, mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join, resolve } from "node:path";
import { acquireRunLock, Interrupted, loadPipeline, UserError } from "@shortlist/runner/host";
import { prepareSearch, type PreparedSearch } from "./prepare.ts";
import type { Configuration } from "./space.ts";
import { halving } from "./halving.ts";
import { harvest } from "./cache.ts";
import { startPool } from "./pool.ts";
import { QueueTrialPool, type TrialRunner } from "./queue-pool.ts";
import { runLanes, type Running } from "./schedule.ts";
import { sharedStages, whenRecorded } from "./shared-stages.ts";
import { finishedTrial, recordOf, saveTrial, type TrialRecord } from "./trials.ts";
import { setsOf } from "./best-yaml.ts";
import type { TrialRequest } from "./worker.ts";
import { finish } from "./finish.ts";

export interface TuneOptions {
  file: string;
  out?: string;
  sets?: string[];
  /** Worker processes (overrides the file's `parallel:`; default the core count); with `queue`, trials at once (default the workers connected). */
  parallel?: number;
  /** `--queue redis://…`: trials become jobs for `shortlist worker`s (queue-pool.ts); needs `store`. */
  queue?: string;
  store?: string;
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
  const file = resolve(opts.file);
  const load = { sets: opts.sets ?? [], allowPluginPaths: (opts.allowPluginPaths ?? []).map((p) => resolve(p)) };
  // the workers start (and load the plugins) while this process checks the search
  const pool = opts.queue ? await queuePool(opts, file) : startPool(file, opts.parallel, load);
  try {
    const result = await prepareAndSearch(opts, file, load, pool);
    await pool?.close();
    return result;
  } catch (e) {
    await pool?.stop(); // bad input found by the checks, a failure, Ctrl-C: the workers stop now
    throw e;
  }
}

/** The queue's workers as the search's pool; a search without a tune: block still gets the checks' error first. */
async function queuePool(opts: TuneOptions, file: string): Promise<TrialRunner> {
  if (!opts.store) throw new UserError(`tune: --queue needs --store DIR (a directory every worker mounts at the same path; the trials' directories are paths too, so give --out on that mount)`);
  return QueueTrialPool.start({ queue: opts.queue!, store: opts.store, name: basename(file).replace(/\.ya?ml$/, ""), parallel: opts.parallel });
}

async function prepareAndSearch(opts: TuneOptions, file: string, load: { sets: string[]; allowPluginPaths: string[] }, early: TrialRunner | undefined): Promise<TuneResult> {
  const out = opts.stdout ?? process.stdout;
  const prepared = await prepareSearch(opts.file, load);
  if (!prepared) throw new UserError(`${opts.file} has no tune: block; add one naming the objective and the parameters (see @shortlist/plugin-tuner's README)`);
  // a file whose tune: block the checks read has its pool, unless it changed in between
  if (!early) throw new UserError(`${opts.file} changed while \`shortlist tune\` was reading it; run it again`);
  const pool = early;
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
    return await search(opts, { file, load, root, cache, objective, prepared, pool });
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
  /** The worker processes, started and warming (or the queue's workers). */
  pool: TrialRunner;
}

/** The trials and the choice, while this process holds the search directory's lock. */
async function search(opts: TuneOptions, { file, load, root, cache, objective, prepared, pool }: Search): Promise<TuneResult> {
  const out = opts.stdout ?? process.stdout;
  const { spec, searchSets, configs } = prepared;
  const trials: TrialRecord[] = [];
  let baseline = finishedTrial(join(root, "trials", "0"), {});
  const parallel = pool.size;
  out.write(pool.threads ? `  ${parallel} worker process${parallel === 1 ? "" : "es"} × ${pool.threads} thread${pool.threads === 1 ? "" : "s"}\n` : `  ${parallel} trial(s) at once on the queue's workers\n`);
  const laneOf = new Map<number, number>(); // trial → the lane (worker) that ran it
  // trial 0 is the pipeline as written (on split.valid): the report's reference, not a candidate
  const runOne = async (n: number, params: Configuration, label: string, lane: number): Promise<TrialRecord> => {
    const dir = join(root, "trials", String(n));
    const sets = [...load.sets, ...searchSets, ...setsOf(params)];
    await harvest(dir, cache); // stages a killed search finished in this trial
    const reply = await pool.run({ n, file, out: dir, sets, allowPluginPaths: load.allowPluginPaths, cache }, lane);
    if (reply.status === "interrupted" || opts.signal?.aborted) throw new Interrupted(`interrupted during trial ${n}`);
    laneOf.set(n, lane);
    await harvest(dir, cache);
    const record = recordOf(reply, params, spec);
    await saveTrial(dir, record);
    out.write(`  ${label} ${record.status === "done" ? `${objective} = ${record.objective.toFixed(4)}` : `failed: ${record.error?.split("\n")[0]}`} (${record.seconds.toFixed(1)}s)\n`);
    return record;
  };
  // trial 0, the pipeline as written, runs first on lane 0; the first batch starts beside it as soon
  // as it has cached the stages every trial shares (shared-stages.ts); the next batches after it
  const dir0 = join(root, "trials", "0");
  let zero: { resumed: boolean; done: Promise<TrialRecord> } | undefined;
  /** Runs a batch of trials in the pool, keeping those a previous search finished. */
  const runBatch = async (batch: { n: number; params: Configuration }[], total: number): Promise<TrialRecord[]> => {
    const kept = batch.flatMap((t) => finishedTrial(join(root, "trials", String(t.n)), t.params) ?? []);
    if (kept.length) out.write(`  resuming: ${kept.length} finished trial${kept.length === 1 ? "" : "s"} kept, ${batch.length - kept.length} to run\n`);
    const todo = batch.filter((t) => !kept.some((k) => k.n === t.n));
    const planOf = async (params: Configuration) => (await loadPipeline(opts.file, { ...load, sets: [...load.sets, ...searchSets, ...setsOf(params)] })).plan;
    const planned = await Promise.all(todo.map(async (t) => ({ ...t, plan: await planOf(t.params) })));
    let running: Running | undefined;
    if (zero) {
      const plan = await planOf({});
      // a trial 0 a killed search left half done may hold stale records: then it ends first
      if (zero.resumed) await zero.done;
      else await whenRecorded(dir0, sharedStages(plan, planned.map((t) => t.plan)), zero.done);
      await harvest(dir0, cache);
      running = { plan, lane: 0, done: zero.done };
      zero = undefined;
    }
    // trials a derivable stage of another trial covers run after it, where it was computed (schedule.ts)
    const done = [...kept, ...(await runLanes(planned, parallel, (t, lane) => runOne(t.n, t.params, `trial ${t.n}/${total}`, lane), running))];
    trials.push(...done);
    return done;
  };
  const onAbort = () => void pool.stop();
  opts.signal?.addEventListener("abort", onAbort);
  try {
    if (!baseline) {
      zero = { resumed: existsSync(join(dir0, "manifest.json")), done: runOne(0, {}, "pipeline as written (trial 0):", 0) };
      zero.done.catch(() => undefined); // awaited below; a batch may not wait for it
    }
    const zeroDone = zero?.done;
    const candidates = spec.strategy === "halving" ? await halving(spec, configs, runBatch, (m) => out.write(m)) : await runBatch(configs.map((params, i) => ({ n: i + 1, params })), configs.length);
    baseline ??= await zeroDone!;
    // the final run goes to the worker that ran the best trial: it holds that trial's inputs decoded;
    // alone by then, it gets the threads this process would use (all cores, unless the user set them)
    const threads = process.env.SHORTLIST_THREADS?.trim() ? undefined : availableParallelism();
    const final = (best: TrialRecord, req: TrialRequest) => pool.run({ ...req, threads }, laneOf.get(best.n) ?? 0);
    return await finish(opts, { file, root, cache, spec, trials, candidates, baseline, load, objective, paths: [...spec.parameters.map((p) => p.path), ...(spec.budget ? [spec.budget.path] : [])], configs: trials.length, final });
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

