/**
 * Worker processes that run trials (worker.ts): `size` lanes, each one worker process at a time.
 * The search says which lane runs a trial, so that a trial cutting a stage another trial computed
 * runs in the process that still holds that result in memory (schedule.ts). A worker that dies
 * while running a trial (out of memory, killed) fails that trial with the reason; the lane's next
 * trial gets a fresh worker. `warm()` starts every lane's worker at once and has it load the
 * pipeline's plugins, so that start-up overlaps the work before its first trial. `stop()` sends
 * each worker SIGTERM, so running trials stop after their stage. Each worker's compute threads are
 * cores / workers (at least 1), through SHORTLIST_THREADS.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseYaml } from "@shortlist/runner/host";
import { readTuneBlock, type TuneSpec } from "./declaration.ts";
import type { Subprocess } from "bun";
import { REPLY_PREFIX, type TrialReply, type TrialRequest, type WarmRequest } from "./worker.ts";

const WORKER = new URL("./worker.ts", import.meta.url).pathname;

interface Worker {
  proc: Subprocess<"pipe", "pipe", "ignore">;
  pending?: { resolve(r: TrialReply): void; n: number; t0: number };
}

/**
 * @example
 * const pool = new TrialPool(2);
 * pool.warm({ warm: true, file, sets: [], allowPluginPaths: [] });
 * const reply = await pool.run(request, 0);
 * await pool.close();
 */
export class TrialPool {
  private lanes: (Worker | undefined)[];
  private closed = false;
  /** Each worker's threads (SHORTLIST_THREADS, read by core-gpu's CPU backend). */
  readonly threads: number;
  constructor(readonly size: number, cores = availableParallelism(), env: Record<string, string | undefined> = process.env) {
    // workers × threads ≤ cores, so parallel trials do not oversubscribe the machine; a
    // SHORTLIST_THREADS the user set is kept
    this.threads = env.SHORTLIST_THREADS?.trim() ? Number(env.SHORTLIST_THREADS) : Math.max(1, Math.floor(cores / size));
    this.lanes = Array.from({ length: size }, () => undefined);
  }

  /** Starts every lane's worker now and has it load the pipeline (its plugins), answering nothing. */
  warm(req: WarmRequest): void {
    for (let lane = 0; lane < this.size; lane++) this.send(this.worker(lane), req);
  }

  /** Runs a trial on lane `lane`'s worker (one trial at a time per lane: the caller waits for it). */
  async run(req: TrialRequest, lane: number): Promise<TrialReply> {
    // after stop() or close() no worker starts again: the trial ends as interrupted
    if (this.closed) return { n: req.n, status: "interrupted", metrics: {}, error: "the search stopped", seconds: 0 };
    const w = this.worker(lane);
    if (w.pending) throw new Error(`tuner: lane ${lane} is already running trial ${w.pending.n}`);
    const reply = await new Promise<TrialReply>((resolve) => {
      w.pending = { resolve, n: req.n, t0: performance.now() };
      this.send(w, req);
    });
    w.pending = undefined;
    return reply;
  }

  private send(w: Worker, req: TrialRequest | WarmRequest): void {
    w.proc.stdin.write(JSON.stringify(req) + "\n");
    w.proc.stdin.flush();
  }

  /** The lane's live worker, started when it has none. */
  private worker(lane: number): Worker {
    const live = this.lanes[lane];
    if (live) return live;
    const proc = Bun.spawn(["bun", WORKER], { stdin: "pipe", stdout: "pipe", stderr: "ignore", env: { ...process.env, SHORTLIST_THREADS: String(this.threads) } });
    const w: Worker = { proc };
    this.lanes[lane] = w;
    void this.read(w);
    void proc.exited.then((code) => {
      if (this.lanes[lane] === w) this.lanes[lane] = undefined;
      const p = w.pending;
      if (p) p.resolve({ n: p.n, status: code === 130 ? "interrupted" : "failed", metrics: {}, error: `the worker process exited with code ${code} during the trial`, seconds: (performance.now() - p.t0) / 1000 });
    });
    return w;
  }

  private async read(w: Worker): Promise<void> {
    let buffer = "";
    for await (const chunk of w.proc.stdout) {
      buffer += Buffer.from(chunk).toString("utf8");
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith(REPLY_PREFIX) && w.pending) w.pending.resolve(JSON.parse(line.slice(REPLY_PREFIX.length)) as TrialReply);
      }
    }
  }

  private procs(): Worker["proc"][] {
    return this.lanes.flatMap((w) => (w ? [w.proc] : []));
  }

  /** Asks every worker to stop (SIGTERM: running trials stop after their stage) and waits for them. */
  async stop(): Promise<void> {
    this.closed = true;
    const procs = this.procs();
    for (const p of procs) p.kill("SIGTERM");
    await Promise.all(procs.map((p) => p.exited));
  }

  /** Ends the idle workers (close their stdin) and waits for them. */
  async close(): Promise<void> {
    this.closed = true;
    const procs = this.procs();
    for (const p of procs) p.stdin.end();
    await Promise.all(procs.map((p) => p.exited));
  }
}

/**
 * The search's workers for a pipeline file, started and warming: `parallel`, else the tune: block's,
 * else the core count; none when the file's tune: block cannot be read (the checks will say why).
 * @example const pool = startPool("/abs/pipeline.yaml", undefined, { sets: [], allowPluginPaths: [] })
 */
export function startPool(file: string, parallel: number | undefined, load: { sets: string[]; allowPluginPaths: string[] }): TrialPool | undefined {
  let spec: TuneSpec | undefined;
  try {
    spec = readTuneBlock(parseYaml(file, readFileSync(file, "utf8")));
  } catch {
    return undefined;
  }
  if (!spec) return undefined;
  const pool = new TrialPool(Math.max(1, parallel ?? spec.parallel ?? availableParallelism()));
  pool.warm({ warm: true, file, sets: load.sets, allowPluginPaths: load.allowPluginPaths });
  return pool;
}
