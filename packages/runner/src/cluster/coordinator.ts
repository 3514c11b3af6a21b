/**
 * The coordinator side of `shortlist run --queue … --store …`: each `ctx.cluster.map` call puts
 * its input in the shared store once, adds one BullMQ flow (a merge parent over one child per
 * range), follows it until the parent completes, reads the merged part, and then removes the
 * call's jobs and store files, so nothing of a finished (or failed, or cancelled) call remains.
 */
import { FlowProducer, Job, Queue } from "bullmq";
import Redis from "ioredis";
import { Interrupted, UserError } from "../errors.ts";
import { parseQueueUrl, type QueueAddress } from "./connection.ts";
import { decodeFrame, encodeFrame, type Frame } from "./frame.ts";
import { CANCELLED_PREFIX, USER_ERROR_PREFIX, cancelChannel, mergeJobId, shardJobId, type JobCommon, type MergeResult } from "./jobs.ts";
import { openStore, type SharedStore } from "./shared-store.ts";
import { splitRanges } from "./task.ts";
import { followFlow } from "./follow-flow.ts";
import { callStats, type CallStats } from "./call-stats.ts";
import { withinMs } from "./check-queue.ts";

export interface CoordinatorOptions {
  queue: string;
  store: string;
  /** Ranges per call unless the call says otherwise (default 8). */
  shards?: number;
  /** Pipeline name: the start of the run id. */
  name: string;
  backend: JobCommon["backend"];
  /** Attempts per job before the run fails (default 3; retries back off from 1 s). */
  attempts?: number;
  /** How long Redis may be unreachable before the run fails (default 30 s). */
  lostAfterMs?: number;
}

/** One sharded call, as a stage makes it. */
export interface MapCall {
  stage: string;
  plugin: string;
  task: string;
  input: Frame;
  total: number;
  shards?: number;
  unit?: string;
  signal: AbortSignal;
  progress(done: number, total: number, note?: string): void;
  log(message: string): void;
}

/** One sharded call as `cluster.json` records it. */
export type CallRecord = Omit<CallStats, "line"> & { stage: string; task: string };

export interface Coordinator {
  readonly run: string;
  readonly shards: number;
  readonly address: QueueAddress;
  readonly store: SharedStore;
  map(call: MapCall): Promise<{ frame: Frame; stats: CallStats }>;
  /** Every finished call's costs, for cluster.json. */
  readonly calls: CallRecord[];
  close(): Promise<void>;
}

/** @example const c = createCoordinator({ queue: "redis://127.0.0.1:6379", store: "/mnt/s", name: "ml", backend: "auto" }) */
export function createCoordinator(o: CoordinatorOptions): Coordinator {
  const address = parseQueueUrl(o.queue);
  const store = openStore(o.store);
  const run = `${o.name.replace(/[^\w]/g, "_")}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const connection = { ...address.connection, enableOfflineQueue: false, maxRetriesPerRequest: 1 } as never;
  const queue = new Queue(address.name, { connection });
  const flows = new FlowProducer({ connection });
  queue.on("error", () => undefined); // reported by the follower's own checks
  flows.on("error", () => undefined);
  let calls = 0;
  const done: Coordinator["calls"] = [];
  const attempts = o.attempts ?? 3;
  return {
    run,
    shards: o.shards ?? 8,
    address,
    store,
    calls: done,
    async map(call) {
      const n = ++calls;
      const t0 = performance.now();
      const ns = `${run}/${n}`;
      const inputBytes = encodeFrame(call.input);
      const inputKey = await store.put(ns, inputBytes);
      const putSeconds = (performance.now() - t0) / 1000;
      const ranges = splitRanges(call.total, call.shards ?? o.shards ?? 8);
      const common: JobCommon = { run, stage: call.stage, plugin: call.plugin, task: call.task, store: store.location, ns, backend: o.backend };
      const jobOpts = { attempts, backoff: { type: "exponential", delay: 1000 } };
      const ids = ranges.map((r) => shardJobId(run, n, r.index));
      try {
        await withinMs(flows.add({
          name: "merge",
          queueName: address.name,
          data: { ...common, shards: ranges.length },
          opts: { jobId: mergeJobId(run, n), ...jobOpts },
          children: ranges.map((r, i) => ({ name: "shard", queueName: address.name, data: { ...common, input: inputKey, shard: r }, opts: { jobId: ids[i]!, ...jobOpts, failParentOnFailure: true } })),
        }), o.lostAfterMs ?? 30_000, `${call.stage}: adding its ${ranges.length} jobs to the queue at ${address.display}`);
        const follower = followFlow({ queue, parentId: mergeJobId(run, n), childIds: ids, ranges, lostAfterMs: o.lostAfterMs ?? 30_000, address: address.display, stage: call.stage, signal: call.signal, progress: call.progress, unit: call.unit ?? "units" });
        const result = await follower.done;
        const r0 = performance.now();
        const frame = decodeFrame(await store.get(result.key));
        const readSeconds = (performance.now() - r0) / 1000;
        const stats = callStats(result as MergeResult, { wall: (performance.now() - t0) / 1000, putSeconds, readSeconds, inputBytes: inputBytes.byteLength, ranges: ranges.length });
        call.log(stats.line(call.stage));
        const { line: _, ...figures } = stats;
        done.push({ stage: call.stage, task: call.task, ...figures });
        return { frame, stats };
      } catch (e) {
        // Ctrl-C stops the whole run's jobs; a shard that failed for good, this call's others
        await publishCancel(address, call.signal.aborted ? run : `${run}-${n}`);
        throw rethrown(e, call.stage, call.signal);
      } finally {
        await removeJobs(queue, [mergeJobId(run, n), ...ids], call.signal.aborted ? 15_000 : 5_000).catch(() => undefined);
        await store.removeAll(ns).catch(() => undefined);
      }
    },
    async close() {
      await Promise.allSettled([queue.close(), flows.close(), store.removeAll(run)]); // the calls' namespaces are gone; their parent too
    },
  };
}

/** A failed shard's reason as the run reports it: a user error stays one (exit 2). */
function rethrown(e: unknown, stage: string, signal: AbortSignal): Error {
  if (signal.aborted) return signal.reason instanceof Error ? signal.reason : new Interrupted(`interrupted during the sharded work of ${stage}`);
  const msg = (e as Error).message ?? String(e);
  const user = msg.indexOf(USER_ERROR_PREFIX);
  if (user >= 0) return new UserError(msg.slice(0, user) + msg.slice(user + USER_ERROR_PREFIX.length));
  if (msg.includes(CANCELLED_PREFIX)) return new Interrupted(msg);
  return e instanceof Error ? e : new Error(msg);
}

/** Tells every worker to abort its active jobs whose ids start with `prefix` (they fail unrecoverably, so they can be removed). */
async function publishCancel(address: QueueAddress, prefix: string): Promise<void> {
  const r = new Redis({ ...address.connection, lazyConnect: true, maxRetriesPerRequest: 1 });
  r.on("error", () => undefined);
  try {
    await r.connect();
    await r.publish(cancelChannel(address.name), prefix);
  } catch {
    // Redis gone: nothing to cancel there
  } finally {
    r.disconnect();
  }
}

/**
 * Removes a call's jobs; a job a worker still holds (active, locked) cannot be removed until its
 * worker lets go (cancelled or finished), so this retries until `ms` has passed.
 */
async function removeJobs(queue: Queue, ids: string[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let left = ids;
  while (left.length && Date.now() < deadline) {
    const still: string[] = [];
    for (const id of left) {
      const job = await Job.fromId(queue, id).catch(() => null);
      if (!job) continue;
      await job.remove({ removeChildren: true }).catch(() => still.push(id));
    }
    left = still;
    if (left.length) await Bun.sleep(200);
  }
}
