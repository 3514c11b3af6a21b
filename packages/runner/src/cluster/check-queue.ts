/** Reaching the queue's Redis before any work: a wrong --queue fails in seconds, naming the address. */
import { Queue } from "bullmq";
import Redis from "ioredis";
import { UserError } from "../errors.ts";
import type { QueueAddress } from "./connection.ts";

/**
 * Connects (AUTH, SELECT), pings and checks the server is Redis ≥ 5 (BullMQ needs streams); throws
 * a UserError naming the address (never the password) and the cause.
 * @example await checkQueue(parseQueueUrl("redis://127.0.0.1:6379"))
 */
export async function checkQueue(address: QueueAddress, timeoutMs = 5000): Promise<void> {
  const r = new Redis({ ...address.connection, lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let cause: Error | undefined; // the socket's own error (ECONNREFUSED …), not ioredis' "Connection is closed."
  r.on("error", (e) => (cause ??= e));
  try {
    await r.connect();
    await r.ping();
    const info = await r.info("server");
    const version = /redis_version:(\d+)/.exec(info)?.[1];
    if (version && Number(version) < 5) throw new UserError(`the queue's Redis at ${address.display} is version ${version}; BullMQ needs Redis 5 or later`);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const why = (cause ?? (e as Error)).message.replace(/\.$/, "");
    throw new UserError(`cannot reach the queue's Redis at ${address.display}: ${why}; is redis-server running there, and is --queue right?`);
  } finally {
    r.disconnect();
  }
}

/**
 * `work`, or an error naming `what` once it has not settled in `ms` (a Redis that went away mid-run:
 * BullMQ's commands wait for a reconnection that may never come).
 * @example await withinMs(flows.add(flow), 30_000, "adding the jobs to the queue at …")
 */
export async function withinMs<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer from Redis in ${Math.round(ms / 1000)} s`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Ranges per sharded call when `--shards` is not given: two per worker connected now (enough to
 * even out uneven ranges; each range costs its worker the kernel's set-up again, ~0.25 s for
 * ItemCF at 10 M ratings), 8 when none is connected yet.
 * @example await defaultShards(parseQueueUrl("redis://127.0.0.1:6379")) // 4 with 2 workers
 */
export async function defaultShards(address: QueueAddress): Promise<{ shards: number; workers: number }> {
  const q = new Queue(address.name, { connection: address.connection });
  try {
    const workers = await withinMs(q.getWorkersCount(), 5000, `counting the workers on ${address.display}`);
    return { shards: workers > 0 ? Math.min(256, 2 * workers) : 8, workers };
  } finally {
    await q.close();
  }
}

