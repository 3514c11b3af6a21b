/**
 * `shortlist worker`: a BullMQ worker that computes shards of the stages coordinators split.
 * Shard jobs read the call's input from the shared store (kept in memory for the next shard of
 * the same call), run the plugin's task and put their part back under its content hash; merge
 * jobs join the parts. A user error is not retried (UnrecoverableError); anything else is, by
 * BullMQ's attempts. `close()` (SIGTERM) lets the running jobs finish; a killed worker's job is
 * found stalled by another worker once its lock expires and runs again.
 */
import { hostname } from "node:os";
import { Worker, UnrecoverableError, type Job } from "bullmq";
import Redis from "ioredis";
import { createBackend, type Backend } from "@shortlist/core-gpu";
import { UserError, StageError } from "../errors.ts";
import { concatFrames, decodeFrame, encodeFrame, type Frame } from "./frame.ts";
import { parseQueueUrl } from "./connection.ts";
import { checkQueue } from "./check-queue.ts";
import { openStore, type SharedStore } from "./shared-store.ts";
import { taskOf } from "./task-loader.ts";
import { CANCELLED_PREFIX, USER_ERROR_PREFIX, cancelChannel, type MergeJob, type MergeResult, type ShardJob, type ShardResult } from "./jobs.ts";

export interface WorkerOptions {
  /** redis://… (see connection.ts). */
  queue: string;
  /** Overrides the store path the jobs name (this machine mounts it elsewhere). */
  store?: string;
  /** Jobs at once in this process (default 1: a shard already uses every core). */
  concurrency?: number;
  /** BullMQ lock duration: a worker silent this long is presumed dead and its job runs again (default 30 s). */
  lockMs?: number;
  /** How often stalled jobs are looked for (default lockMs / 2). */
  stalledMs?: number;
  log?: (message: string) => void;
}

export interface RunningWorker {
  readonly id: string;
  /** Stops taking jobs; waits for the running ones unless `force`. */
  close(force?: boolean): Promise<void>;
}

/** Workers started in this process: the second and later get a suffix, so cluster.json tells them apart. */
let started = 0;

/** Why a job was aborted when its lock could not be renewed: retried, unlike a cancellation. */
const LOCK_LOST = "its lock could not be renewed (Redis unreachable, or the job was handed to another worker)";

const isUserError = (e: unknown) => e instanceof UserError || (e instanceof StageError && e.isUserError);

/** @example const w = await startWorker({ queue: "redis://127.0.0.1:6379" }); … await w.close(); */
export async function startWorker(o: WorkerOptions): Promise<RunningWorker> {
  const address = parseQueueUrl(o.queue);
  await checkQueue(address);
  const id = `${hostname()}-${process.pid}${++started > 1 ? `-${started}` : ""}`;
  const log = o.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const stores = new Map<string, SharedStore>();
  const storeFor = (spec: string) => {
    const s = o.store ?? spec;
    if (!stores.has(s)) stores.set(s, openStore(s));
    return stores.get(s)!;
  };
  let backend: Promise<Backend> | undefined;
  let lastInput: { key: string; frame: Promise<Frame> } | undefined;
  const active = new Map<string, string>(); // job id → run (ids start with the run and the call)
  const processor = async (job: Job, _token?: string, signal?: AbortSignal): Promise<ShardResult | MergeResult> => {
    active.set(job.id!, (job.data as ShardJob).run);
    const sig = signal ?? new AbortController().signal;
    try {
      return job.name === "shard" ? await shard(job as Job<ShardJob>, sig) : await merge(job as Job<MergeJob>);
    } catch (e) {
      // a lost lock may be a Redis restart: an ordinary (retried) failure; a cancellation is final
      if (sig.aborted && sig.reason === LOCK_LOST) throw new Error(`stopped: ${LOCK_LOST}`);
      if (sig.aborted) throw new UnrecoverableError(`${CANCELLED_PREFIX}${String(sig.reason ?? "by the coordinator")}`);
      if (isUserError(e)) throw new UnrecoverableError(`${USER_ERROR_PREFIX}${(e as Error).message}`);
      throw e;
    } finally {
      active.delete(job.id!);
    }
  };
  const shard = async (job: Job<ShardJob>, signal: AbortSignal): Promise<ShardResult> => {
    const d = job.data;
    const store = storeFor(d.store);
    const task = await taskOf(d.plugin, d.task);
    const io0 = performance.now();
    let inputBytes = 0;
    if (lastInput?.key !== d.input) {
      lastInput = { key: d.input, frame: store.get(d.input).then((b) => ((inputBytes = b.byteLength), decodeFrame(b))) };
      lastInput.frame.catch(() => (lastInput = undefined));
    }
    const input = await lastInput.frame;
    let io = performance.now() - io0;
    const t0 = performance.now();
    let reported = 0;
    const part = await task.run(input, d.shard, {
      backend: () => (backend ??= createBackend(d.backend, { log: () => {} })),
      signal,
      progress: (done) => {
        if (performance.now() - reported < 1000) return;
        reported = performance.now();
        void job.updateProgress(done).catch(() => undefined);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const io1 = performance.now();
    const bytes = encodeFrame(part);
    const key = await store.put(d.ns, bytes);
    io += performance.now() - io1;
    return { index: d.shard.index, key, bytes: bytes.byteLength, inputBytes, seconds, ioSeconds: io / 1000, units: d.shard.to - d.shard.from, worker: id };
  };
  const merge = async (job: Job<MergeJob>): Promise<MergeResult> => {
    const d = job.data;
    const t0 = performance.now();
    const store = storeFor(d.store);
    const task = await taskOf(d.plugin, d.task);
    const shards = (Object.values(await job.getChildrenValues()) as ShardResult[]).sort((a, b) => a.index - b.index);
    if (shards.length !== d.shards || shards.some((s, i) => s.index !== i)) throw new Error(`merge of ${d.stage}: expected ${d.shards} shard results, found ${shards.map((s) => s.index).join(",")}`);
    const parts = await Promise.all(shards.map(async (s) => decodeFrame(await store.get(s.key))));
    const bytes = encodeFrame((task.merge ?? concatFrames)(parts));
    const key = await store.put(d.ns, bytes);
    return { key, bytes: bytes.byteLength, seconds: (performance.now() - t0) / 1000, worker: id, shards };
  };
  const lockDuration = o.lockMs ?? 30_000;
  const worker = new Worker(address.name, processor, {
    connection: address.connection,
    concurrency: o.concurrency ?? 1,
    lockDuration,
    stalledInterval: o.stalledMs ?? Math.max(500, Math.floor(lockDuration / 2)),
    maxStalledCount: 3,
  });
  worker.on("error", (e) => {
    // a job this worker held too long (its lock expired, another worker took it): its late result is refused
    const late = /Missing (key|lock) for job ([^ .]+)/.exec(e.message);
    log(late ? `worker ${id}: job ${late[2]} had been handed to another worker (its lock expired); this late result is dropped` : `worker ${id}: ${e.message}`);
  });
  worker.on("failed", (job, e) => job && log(`worker ${id}: job ${job.id} (${(job.data as ShardJob).stage}) failed: ${e.message}`));
  const sub = new Redis({ ...address.connection, lazyConnect: true });
  sub.on("error", () => undefined); // reconnects by itself; the worker's own connection reports faults
  await sub.connect();
  await sub.subscribe(cancelChannel(address.name));
  // a job whose lock lapsed may be running elsewhere already: stop it here, so it writes nothing more
  worker.on("lockRenewalFailed", (ids) => ids.forEach((jobId) => worker.cancelJob(jobId, LOCK_LOST)));
  // the message is a job-id prefix: a run (Ctrl-C) or one call of it (a shard failed for good)
  sub.on("message", (_ch, prefix: string) => {
    for (const jobId of active.keys()) if (jobId.startsWith(`${prefix}-`)) worker.cancelJob(jobId, "the coordinator cancelled the run");
  });
  await worker.waitUntilReady();
  log(`worker ${id} on ${address.display}: waiting for jobs (concurrency ${o.concurrency ?? 1})`);
  return {
    id,
    async close(force = false) {
      await worker.close(force);
      sub.disconnect();
      if (backend) await (await backend.catch(() => undefined))?.dispose();
    },
  };
}
