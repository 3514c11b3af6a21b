/**
 * Trials as BullMQ jobs (`shortlist tune --queue … --store …`): each trial is one job of the
 * tuner's `trial` task, taken by any `shortlist worker`, which runs it as the local pool's worker
 * processes do (worker.ts's runTrial). The trial's directory, the stage cache, the pipeline file and
 * its data are paths: every worker must see them at the same paths (a shared mount), so put the
 * search's `--out` there. A failing trial is a job that completes with a failed reply: the search
 * records it and goes on; Ctrl-C cancels the outstanding trial jobs.
 */
import { checkQueue, createCoordinator, defaultShards, parseQueueUrl, type Coordinator } from "@shortlist/runner/host";
import type { TrialReply, TrialRequest, WarmRequest } from "./worker.ts";

/** What the search needs of its trial runner; TrialPool (local processes) and QueueTrialPool both are. */
export interface TrialRunner {
  readonly size: number;
  readonly threads: number;
  warm(req: WarmRequest): void;
  run(req: TrialRequest, lane: number): Promise<TrialReply>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

export class QueueTrialPool implements TrialRunner {
  private readonly stopping = new AbortController();
  /** Threads are each worker's own (its SHORTLIST_THREADS); 0 = not known here. */
  readonly threads = 0;
  private constructor(
    private readonly coordinator: Coordinator,
    readonly size: number,
  ) {}

  /**
   * @example const pool = await QueueTrialPool.start({ queue: "redis://q:6379", store: "/mnt/s", name: "movielens" })
   */
  static async start(o: { queue: string; store: string; name: string; parallel?: number }): Promise<QueueTrialPool> {
    const address = parseQueueUrl(o.queue);
    await checkQueue(address);
    const size = o.parallel ?? Math.max(1, (await defaultShards(address)).workers);
    return new QueueTrialPool(createCoordinator({ queue: o.queue, store: o.store, name: `tune-${o.name}`, backend: "auto" }), size);
  }

  warm(): void {} // the workers load the plugins with their first trial

  async run(req: TrialRequest, _lane: number): Promise<TrialReply> {
    // `threads` would set SHORTLIST_THREADS for the rest of a shared worker's life: its own setting stands
    const { threads: _, ...shared } = req;
    const { frame } = await this.coordinator.map({
      stage: `trial ${req.n}`, plugin: "@shortlist/plugin-tuner", task: "trial", input: { meta: shared as never, arrays: {} }, total: 1, shards: 1,
      signal: this.stopping.signal, progress: () => {}, log: () => {},
    });
    return frame.meta as unknown as TrialReply;
  }

  async stop(): Promise<void> {
    this.stopping.abort(new Error("the search stopped"));
    await this.coordinator.close();
  }

  async close(): Promise<void> {
    await this.coordinator.close();
  }
}
