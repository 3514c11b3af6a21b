/**
 * A small pool of long-lived workers for the CPU backend's sparse kernels. Workers start on
 * first use (Bun starts one in ~10 ms) and stay until dispose; they are unref'd while idle so a
 * program that forgets dispose() still exits.
 */

/** Messages a worker sends back. */
export type WorkerReply = { type: "progress"; items: number } | { type: "done" } | { type: "error"; message: string };

/** Workers that run one job at a time, all on the same entry module. */
export class WorkerPool {
  private workers: Worker[] = [];

  constructor(private readonly entry: URL, readonly size: number) {}

  private ensure(): Worker[] {
    while (this.workers.length < this.size) this.workers.push(new Worker(this.entry.href));
    return this.workers;
  }

  /**
   * Sends `job` to every worker and resolves when all report done; `onProgress` gets each
   * progress message. A worker error rejects, once every worker has answered. An aborted
   * `signal` rejects with its reason: before posting when already aborted, else at once,
   * terminating every worker (the next run starts fresh ones).
   * @example
   * await pool.run({ kind: "cooc", job }, (items) => done += items, controller.signal);
   */
  async run(job: unknown, onProgress: (items: number) => void, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const workers = this.ensure();
    const results = workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.ref();
          w.onmessage = (e: MessageEvent<WorkerReply>) => {
            const m = e.data;
            if (m.type === "progress") onProgress(m.items);
            else if (m.type === "done") resolve();
            else reject(new Error(`core-gpu cpu worker: ${m.message}`));
          };
          w.onerror = (e) => reject(new Error(`core-gpu cpu worker crashed: ${e.message}`));
          w.postMessage(job);
        }),
    );
    // Wait for every worker, even after one fails: a late reply must not reach the next job.
    const all = Promise.allSettled(results);
    // On abort, terminate at once (a worker deep in a block cannot be interrupted otherwise), and
    // reject only once every worker has exited: the caller may reuse the job's shared memory.
    let onAbort = () => {};
    const aborted = new Promise<"aborted">((resolve) => {
      onAbort = () => void this.terminate(workers).then(() => resolve("aborted"));
    });
    signal?.addEventListener("abort", onAbort, { once: true });
    let settled: PromiseSettledResult<void>[] | "aborted";
    try {
      settled = await Promise.race([all, aborted]);
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
    if (settled === "aborted") throw signal!.reason;
    for (const w of workers) w.unref();
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  }

  /**
   * Detaches and terminates `workers`, dropping them from the pool if they are its current ones;
   * resolves once every one has exited.
   */
  private terminate(workers: Worker[]): Promise<void> {
    if (this.workers === workers) this.workers = [];
    return Promise.all(
      workers.map((w) => {
        w.onmessage = null;
        w.onerror = null;
        const closed = new Promise<void>((resolve) => w.addEventListener("close", () => resolve(), { once: true }));
        w.terminate();
        return closed;
      }),
    ).then(() => {});
  }

  /** Terminates every worker. */
  dispose(): void {
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }
}
