/**
 * Worker processes that run trials (worker.ts), at most `size` at once. A worker that dies while
 * running a trial (out of memory, killed) fails that trial with the reason; the next trial gets a
 * fresh worker. `stop()` sends each worker SIGTERM, so running trials stop after their stage.
 * Each worker's compute threads are cores / workers (at least 1), through SHORTLIST_THREADS.
 */
import { availableParallelism } from "node:os";
import type { Subprocess } from "bun";
import { REPLY_PREFIX, type TrialReply, type TrialRequest } from "./worker.ts";

const WORKER = new URL("./worker.ts", import.meta.url).pathname;

interface Worker {
  proc: Subprocess<"pipe", "pipe", "ignore">;
  pending?: { resolve(r: TrialReply): void; n: number; t0: number };
}

/**
 * @example
 * const pool = new TrialPool(2);
 * const reply = await pool.run(request);
 * await pool.close();
 */
export class TrialPool {
  private idle: Worker[] = [];
  private all = new Set<Worker>();
  private waiting: ((w: Worker) => void)[] = [];
  /** Each worker's threads (SHORTLIST_THREADS, read by core-gpu's CPU backend). */
  readonly threads: number;
  constructor(private readonly size: number, cores = availableParallelism(), env: Record<string, string | undefined> = process.env) {
    // workers × threads ≤ cores, so parallel trials do not oversubscribe the machine; a
    // SHORTLIST_THREADS the user set is kept
    this.threads = env.SHORTLIST_THREADS?.trim() ? Number(env.SHORTLIST_THREADS) : Math.max(1, Math.floor(cores / size));
  }

  /** Runs a trial on a free worker (waiting for one). */
  async run(req: TrialRequest): Promise<TrialReply> {
    const w = await this.acquire();
    const reply = await new Promise<TrialReply>((resolve) => {
      w.pending = { resolve, n: req.n, t0: performance.now() };
      w.proc.stdin.write(JSON.stringify(req) + "\n");
      w.proc.stdin.flush();
    });
    w.pending = undefined;
    if (this.all.has(w)) this.release(w);
    return reply;
  }

  private async acquire(): Promise<Worker> {
    const free = this.idle.pop();
    if (free) return free;
    if (this.all.size < this.size) return this.spawn();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  private spawn(): Worker {
    const proc = Bun.spawn(["bun", WORKER], { stdin: "pipe", stdout: "pipe", stderr: "ignore", env: { ...process.env, SHORTLIST_THREADS: String(this.threads) } });
    const w: Worker = { proc };
    this.all.add(w);
    void this.read(w);
    void proc.exited.then((code) => {
      this.all.delete(w);
      this.idle = this.idle.filter((x) => x !== w);
      const p = w.pending;
      if (p) p.resolve({ n: p.n, status: code === 130 ? "interrupted" : "failed", metrics: {}, error: `the worker process exited with code ${code} during the trial`, seconds: (performance.now() - p.t0) / 1000 });
      // someone waiting for a worker gets a fresh one
      const next = this.waiting.shift();
      if (next) next(this.spawn());
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

  /** Asks every worker to stop (SIGTERM: running trials stop after their stage) and waits for them. */
  async stop(): Promise<void> {
    const procs = [...this.all].map((w) => w.proc);
    for (const p of procs) p.kill("SIGTERM");
    await Promise.all(procs.map((p) => p.exited));
  }

  /** Ends the idle workers (close their stdin) and waits for them. */
  async close(): Promise<void> {
    const procs = [...this.all].map((w) => w.proc);
    for (const p of procs) p.stdin.end();
    await Promise.all(procs.map((p) => p.exited));
  }
}
