/**
 * A trial worker process: reads trial requests from stdin (one JSON object a line), runs each as a
 * `shortlist run` would — in-process, so the plugins load once per worker, not once per trial — and
 * answers on stdout with a line `@@trial {…}`. Its progress goes to the trial's `log.txt` (not for
 * a `quiet` request: the chosen configuration's final run, whose run directory keeps no log). A
 * warm request (`{ warm: true, … }`) loads the pipeline, and so its plugins, and answers nothing.
 * SIGINT/SIGTERM stop the running trial as they stop a run: finished stages stay in its directory;
 * an idle worker exits at once.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { Interrupted, loadPipeline, runPipeline, StageError, UserError } from "@shortlist/runner/host";
import { totalmem } from "node:os";
import { seedTrial } from "./cache.ts";
import { ArtifactLru } from "./artifact-lru.ts";

/** What the search asks a worker to run. */
export interface TrialRequest {
  n: number;
  file: string;
  out: string;
  sets: string[];
  allowPluginPaths: string[];
  /** The search's stage cache (cache.ts): the trial's directory is seeded from it first. */
  cache: string;
  /** No log.txt: progress is dropped (the final run on split.test). */
  quiet?: boolean;
  /**
   * Compute threads for this request instead of the worker's share (the final run, alone once the
   * trials are done, gets the threads a `shortlist run` would).
   */
  threads?: number;
}

/** Load the pipeline now (imports its plugins) so the first trial does not wait for it. */
export interface WarmRequest {
  warm: true;
  file: string;
  sets: string[];
  allowPluginPaths: string[];
}

/** What a worker answers. */
export interface TrialReply {
  n: number;
  status: "done" | "failed" | "interrupted";
  metrics: Record<string, Record<string, number>>;
  error?: string;
  seconds: number;
}

/** Marks a worker's reply line on its stdout. @example line.startsWith(REPLY_PREFIX) */
export const REPLY_PREFIX = "@@trial ";

/**
 * The artifacts this worker decoded or computed, kept across its trials (artifact-lru.ts): at most
 * 1 GiB, or an eighth of the machine's memory where that is less.
 */
const decoded = new ArtifactLru(Math.min(2 ** 30, totalmem() / 8));

/** Seeds and runs one trial; never throws. @example await runTrial({ n: 1, file, out, sets: [], allowPluginPaths: [], cache }, signal) */
export async function runTrial(req: TrialRequest, signal: AbortSignal): Promise<TrialReply> {
  const t0 = performance.now();
  mkdirSync(req.out, { recursive: true });
  const log = { write: (s: string) => void (req.quiet || appendFileSync(join(req.out, "log.txt"), s)) };
  const share = process.env.SHORTLIST_THREADS; // core-gpu reads it when a run creates its backend
  if (req.threads) process.env.SHORTLIST_THREADS = String(req.threads);
  try {
    // seeding here, not in the search process, so that derived stages are computed in parallel
    const { plan, cfg } = await loadPipeline(req.file, { sets: req.sets, allowPluginPaths: req.allowPluginPaths });
    await seedTrial(req.out, req.cache, plan, { pipeline: cfg.name, seed: cfg.seed, log: (l) => log.write(l), decoded });
    const r = await runPipeline({ file: req.file, out: req.out, sets: req.sets, allowPluginPaths: req.allowPluginPaths, stdout: log, stderr: log, signal, decoded });
    return { n: req.n, status: "done", metrics: r.metrics, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    const message = e instanceof UserError || e instanceof StageError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
    log.write(`\nerror: ${message}\n`);
    return { n: req.n, status: e instanceof Interrupted ? "interrupted" : "failed", metrics: {}, error: message, seconds: (performance.now() - t0) / 1000 };
  } finally {
    if (share === undefined) delete process.env.SHORTLIST_THREADS;
    else process.env.SHORTLIST_THREADS = share;
  }
}

if (import.meta.main) {
  const ac = new AbortController();
  let busy = false; // a request is being handled: a signal stops it, then the worker exits
  for (const s of ["SIGINT", "SIGTERM"] as const) process.on(s, () => (busy ? ac.abort(new Interrupted(s)) : process.exit(130)));
  let buffer = "";
  for await (const chunk of process.stdin) {
    buffer += Buffer.from(chunk).toString("utf8");
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line.trim()) continue;
      const req = JSON.parse(line) as TrialRequest | WarmRequest;
      busy = true;
      if ("warm" in req) {
        // a pipeline that fails to load fails the first trial, with its error in the log
        await loadPipeline(req.file, { sets: req.sets, allowPluginPaths: req.allowPluginPaths }).catch(() => undefined);
        busy = false;
        if (ac.signal.aborted) process.exit(130);
        continue;
      }
      const reply = await runTrial(req, ac.signal);
      busy = false;
      process.stdout.write(REPLY_PREFIX + JSON.stringify(reply) + "\n");
      if (ac.signal.aborted) process.exit(130);
    }
  }
}
