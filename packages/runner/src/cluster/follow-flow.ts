/**
 * Follows one sharded call's flow from the coordinator: polls the merge parent until it
 * completes (its return value names the merged part), reports progress from the children that
 * have finished (done / total, and each worker's rate), and turns every way it can end badly into
 * one clear error: a shard that failed for good (which one, after how many attempts, why), jobs the
 * queue no longer has (Redis restarted without persistence), Redis unreachable for too long.
 */
import { Job, type Queue } from "bullmq";
import type { MergeResult, ShardResult } from "./jobs.ts";
import type { ShardRange } from "./task.ts";

export interface FollowOptions {
  queue: Queue;
  parentId: string;
  childIds: string[];
  ranges: ShardRange[];
  stage: string;
  address: string;
  lostAfterMs: number;
  unit: string;
  signal: AbortSignal;
  progress(done: number, total: number, note?: string): void;
  pollMs?: number;
}

export interface FlowFollower {
  done: Promise<MergeResult>;
}

/** The queue no longer has the run's jobs: nothing to wait for. */
export class LostJobs extends Error {
  override name = "LostJobs";
}

class ShardFailed extends Error {}

const lost = (o: FollowOptions) =>
  new LostJobs(`${o.stage}: the queue at ${o.address} no longer has this run's jobs (was Redis restarted without persistence, or the jobs removed?); run again: finished stages are kept and the run resumes after them`);

const rate = (r: ShardResult[]) => {
  const by = new Map<string, { units: number; seconds: number }>();
  for (const s of r) {
    const w = by.get(s.worker) ?? { units: 0, seconds: 0 };
    w.units += s.units;
    w.seconds += s.seconds;
    by.set(s.worker, w);
  }
  return [...by].map(([w, v]) => `${w} ${Math.round(v.units / Math.max(v.seconds, 1e-9)).toLocaleString("en")}/s`).join(", ");
};

async function failedShard(o: FollowOptions): Promise<Error> {
  for (const [i, id] of o.childIds.entries()) {
    const job = await Job.fromId(o.queue, id);
    if (!job || (await job.getState()) !== "failed") continue;
    const r = o.ranges[i]!;
    return new ShardFailed(`${o.stage}: shard ${i + 1} of ${o.ranges.length} (${o.unit} ${r.from}–${r.to - 1}) failed after ${job.attemptsMade} attempt(s): ${job.failedReason}`);
  }
  const parent = await Job.fromId(o.queue, o.parentId);
  return new ShardFailed(`${o.stage}: merging the shards failed after ${parent?.attemptsMade ?? "?"} attempt(s): ${parent?.failedReason ?? "unknown reason"}`);
}

/** @example const { done } = followFlow({ queue, parentId, childIds, … }); const merged = await done; */
export function followFlow(o: FollowOptions): FlowFollower {
  const total = o.ranges.at(-1)?.to ?? 0;
  const done = (async (): Promise<MergeResult> => {
    let lastOk = Date.now();
    let seen = -1;
    for (;;) {
      o.signal.throwIfAborted();
      try {
        const job = await Job.fromId(o.queue, o.parentId);
        lastOk = Date.now();
        // after a restart without persistence a late write (a worker's progress) can leave a stub
        // hash under the job's key: without its own data the job is as lost as a missing one
        if (!job || job.name !== "merge" || !job.data?.run) throw lost(o);
        const state = await job.getState();
        if (state === "completed") {
          // the job was read before it completed (its state is read after): read it again for its result
          const r = (await Job.fromId(o.queue, o.parentId))?.returnvalue as MergeResult | null | undefined;
          if (!r?.key) throw lost(o);
          return r;
        }
        if (state === "unknown") throw lost(o);
        if (state === "failed") throw await failedShard(o);
        const results = Object.values(await job.getChildrenValues()) as ShardResult[];
        if (results.length !== seen) {
          seen = results.length;
          o.progress(results.reduce((n, s) => n + s.units, 0), total, `${results.length}/${o.ranges.length} shards${results.length ? `; ${rate(results)} ${o.unit}` : ""}`);
        }
      } catch (e) {
        if (e instanceof LostJobs || e instanceof ShardFailed) throw e;
        if (Date.now() - lastOk > o.lostAfterMs) {
          throw new Error(`${o.stage}: lost Redis at ${o.address} for ${Math.round((Date.now() - lastOk) / 1000)} s (${(e as Error).message}); run again once it is back: finished stages are kept`);
        }
      }
      await Bun.sleep(o.pollMs ?? 200);
    }
  })();
  return { done };
}
