/**
 * One case of the scale bench (bench/scale.ts): a `shortlist run --only <stage>` in a run
 * directory whose data stages are cached, in one process or as a coordinator of `shortlist worker`
 * processes on a throwaway Redis, with what the run left (stage seconds and artifact hashes from
 * manifest.json, the sharded call's costs from cluster.json, the workers' peak RSS, the Redis
 * commands the run caused).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RedisClient } from "bun";
import type { CallRecord } from "@shortlist/runner/host";
import { startWorkerProcess, type WorkerProcess } from "@shortlist/runner/testing";

const ROOT = join(import.meta.dir, "../..");
const CLI = join(ROOT, "packages/runner/src/cli.ts");
const DATA_STAGES = ["data.movielens", "data.features"];

/** One sharded call as cluster.json records it. */
export type ClusterCall = CallRecord;

export interface CaseResult {
  /** The stage's wall seconds (manifest.json): loading inputs, building the matrix, the sharded call, writing. */
  seconds: number;
  /** Content hash of each artifact the stage wrote. */
  hashes: Record<string, string>;
  call?: ClusterCall;
  /** Peak RSS of each worker process, MB (VmHWM). */
  workerPeakMB?: number[];
  /** Redis commands during the run, by command (INFO commandstats after CONFIG RESETSTAT). */
  redisCommands?: Record<string, number>;
}

/** The bench's pipeline: synthetic MovieLens of `preset`, features, ItemCF and Swing at their defaults. */
export function pipelineFile(dir: string, preset: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "scale.yaml");
  const stages = [`  - use: data.movielens\n    with:\n      path: synthetic:${preset}`, "  - use: data.features", "  - use: recall.itemcf", "  - use: recall.swing"];
  const plugins = ["plugin-data", "plugin-itemcf", "plugin-swing"].map((p) => `  - "@shortlist/${p}"`);
  writeFileSync(file, `name: scale\nseed: 42\nbackend: cpu\nplugins:\n${plugins.join("\n")}\nstages:\n${stages.join("\n")}\n`);
  return file;
}

/** Runs the CLI; throws with the last lines of its stderr when it fails. */
async function cli(args: string[], env: Record<string, string | undefined> = process.env): Promise<void> {
  const p = Bun.spawn(["bun", CLI, ...args], { cwd: ROOT, stdout: "ignore", stderr: "pipe", env });
  const [err, code] = await Promise.all([new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`shortlist ${args.join(" ")} exited ${code}:\n${err.trim().split("\n").slice(-6).join("\n")}`);
}

const manifestOf = (runDir: string) =>
  existsSync(join(runDir, "manifest.json")) ? (JSON.parse(readFileSync(join(runDir, "manifest.json"), "utf8")) as { stages: Record<string, { seconds: number; outputs: Record<string, { hash: string }> }> }) : { stages: {} };

/** Runs the data stages once; later calls find them in manifest.json and do nothing (the 10M data takes ~1 min). */
export async function prepareData(file: string, runDir: string): Promise<void> {
  if (DATA_STAGES.every((s) => manifestOf(runDir).stages[s])) return;
  await cli(["run", file, "--out", runDir, ...DATA_STAGES.flatMap((s) => ["--only", s])]);
}

/** Redis commands by name since the last CONFIG RESETSTAT. */
async function commandStats(client: RedisClient): Promise<Record<string, number>> {
  const text = String(await client.send("INFO", ["commandstats"]));
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^cmdstat_([\w|-]+):calls=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

/** Peak resident memory of a process, MB, from /proc (Linux); NaN elsewhere. */
function peakMB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, "utf8") : "");
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * Reruns `stage` alone; with `workers` > 0 as a coordinator of that many fresh worker processes
 * (each with SHORTLIST_THREADS=`threads` when given, else the default: one thread per core).
 * @example await runCase({ file, runDir, stage: "recall.itemcf", workers: 2, threads: 1, queue: redis.url, store })
 */
export async function runCase(o: { file: string; runDir: string; stage: string; workers: number; threads?: number; queue?: string; store?: string }): Promise<CaseResult> {
  rmSync(join(o.runDir, "cluster.json"), { force: true }); // a single-process run writes none: never read a stale one
  const args = ["run", o.file, "--out", o.runDir, "--only", o.stage];
  if (o.workers === 0) {
    await cli(args);
    return read(o.runDir, o.stage);
  }
  const env: Record<string, string> = o.threads ? { SHORTLIST_THREADS: String(o.threads) } : {};
  const procs: WorkerProcess[] = [];
  const redis = new RedisClient(o.queue!);
  try {
    for (let i = 0; i < o.workers; i++) procs.push(startWorkerProcess(o.queue!, [], env));
    await Promise.all(procs.map((w) => w.ready));
    await redis.send("CONFIG", ["RESETSTAT"]);
    await cli([...args, "--queue", o.queue!, "--store", o.store!]);
    const redisCommands = await commandStats(redis);
    const workerPeakMB = procs.map((w) => peakMB(w.proc.pid));
    return { ...read(o.runDir, o.stage), workerPeakMB, redisCommands };
  } finally {
    redis.close();
    for (const w of procs) w.proc.kill("SIGTERM");
    await Promise.all(procs.map((w) => w.proc.exited));
  }
}

function read(runDir: string, stage: string): CaseResult {
  const rec = manifestOf(runDir).stages[stage];
  if (!rec) throw new Error(`${runDir}/manifest.json has no ${stage} after its run`);
  const hashes = Object.fromEntries(Object.entries(rec.outputs).map(([k, v]) => [k, v.hash]));
  const cluster = join(runDir, "cluster.json");
  const call = existsSync(cluster) ? (JSON.parse(readFileSync(cluster, "utf8")) as { calls: ClusterCall[] }).calls.find((c) => c.stage === stage) : undefined;
  return { seconds: rec.seconds, hashes, call };
}
