/**
 * A trial worker process: reads trial requests from stdin (one JSON object a line), runs each as a
 * `shortlist run` would — in-process, so the plugins load once per worker, not once per trial — and
 * answers on stdout with a line `@@trial {…}`. Its progress goes to the trial's `log.txt`.
 * SIGINT/SIGTERM stop the running trial as they stop a run: finished stages stay in its directory.
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
  const log = { write: (s: string) => appendFileSync(join(req.out, "log.txt"), s) };
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
  }
}

if (import.meta.main) {
  const ac = new AbortController();
  for (const s of ["SIGINT", "SIGTERM"] as const) process.on(s, () => ac.abort(new Interrupted(s)));
  let buffer = "";
  for await (const chunk of process.stdin) {
    buffer += Buffer.from(chunk).toString("utf8");
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line.trim()) continue;
      const reply = await runTrial(JSON.parse(line) as TrialRequest, ac.signal);
      process.stdout.write(REPLY_PREFIX + JSON.stringify(reply) + "\n");
      if (ac.signal.aborted) process.exit(130);
    }
  }
}
