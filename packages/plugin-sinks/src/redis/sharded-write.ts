/**
 * The coordinator's half of a sharded sink.redis write (`shortlist run --queue …`): instead of
 * writeFamilies in this process, the keys go out as "redis-write" jobs by key range (write-task.ts),
 * each worker writing and checking its range through its own connection. What stays here is what
 * makes the publication atomic and complete: the version was allocated before, and the pointer
 * switch (or the renames) comes after, through this process's connection.
 *
 * Completeness across the hand-over: each shard reports only once its range is present on its own
 * connection. Keys can then still be lost by a server restart after that shard closed its
 * connection; this process keeps its connection open through the map (a PING every few seconds, so
 * an idle-timeout on the server does not close it and cause a needless full check), and the stats
 * carry the epoch it had before the map. A restart during the map drops this connection too, so the
 * epoch moves and switchWhenComplete / renameInto check every key again before publishing. And
 * each shard names the server it wrote to, so a URL that names another server on each machine
 * (localhost) fails the stage instead of switching readers to a version empty here.
 */
import type { ClusterHandle, Frame, StageContext, Table } from "@shortlist/runner";
import type { KeyFamily } from "./key-families.ts";
import type { WriteConnection } from "./redis-connection.ts";
import { parseRedisUrl } from "./redis-connection.ts";
import type { RedisOptions } from "./redis-options.ts";
import { checkSameServer } from "./server-identity.ts";
import type { WritePlan, WriteStats } from "./write-families.ts";
import { serversOf, statsOf, writeInputFrame } from "./write-task.ts";

const KEEPALIVE_MS = 5_000;

/**
 * How many ranges to write the keys in: the run's `--shards`, but none smaller than a batch (a job
 * costs a store round trip, a few queue round trips and a connection). 1 means "write them here":
 * one job would only add that cost to the same single writer.
 * @example shardsFor(ctx.cluster?.shards ?? 1, families, 1000) // 8 for 400,000 keys
 */
export function shardsFor(runShards: number, families: readonly KeyFamily[], batchSize: number): number {
  const total = families.reduce((n, f) => n + f.keys, 0);
  return Math.max(1, Math.min(runShards, Math.ceil(total / batchSize)));
}

/**
 * Writes every key of `families` under `namespace` through the run's workers, in `shards` ranges;
 * the stats' epoch is this connection's epoch from before the jobs were sent.
 * @example const stats = await writeSharded(ctx, ctx.cluster!, o, conn, sources, families, "app:v3:", plan, 8)
 */
export async function writeSharded(
  ctx: Pick<StageContext, "log">, cluster: ClusterHandle, o: RedisOptions, conn: WriteConnection,
  sources: { artifact: string; table: Table }[], families: readonly KeyFamily[], namespace: string, plan: WritePlan, shards: number,
): Promise<WriteStats> {
  const total = families.reduce((n, f) => n + f.keys, 0);
  const input = writeInputFrame(
    {
      url: o.url, namespace,
      templates: { userKey: o.userKey, i2iKey: o.i2iKey, featureKey: o.featureKey },
      plan: { batchSize: plan.batchSize, concurrency: plan.concurrency, verifyAlways: plan.verifyAlways, retry: plan.retry, mode: plan.mode },
      connect: { reconnectAttempts: o.reconnectAttempts, timeoutMs: o.connectTimeoutMs },
    },
    sources,
  );
  const epoch = conn.epoch();
  const keepAlive = setInterval(() => void conn.redis.ping().catch(() => undefined), KEEPALIVE_MS);
  let frame: Frame;
  try {
    frame = await cluster.map("redis-write", input, total, { shards, unit: "keys" });
  } finally {
    clearInterval(keepAlive);
  }
  await checkSameServer(conn, epoch, serversOf(frame), parseRedisUrl(o.url).display, namespace);
  const merged = statsOf(frame);
  // Every unit of [0, total) belongs to exactly one range, so the shards' keys add up to the total.
  if (merged.keys !== total) throw new Error(`sink.redis: the workers wrote ${merged.keys} keys of ${total} (a shard's range went missing)`);
  const rows = families.reduce((n, f) => n + f.rows, 0);
  if (merged.rows !== rows) throw new Error(`sink.redis: the workers wrote ${merged.rows} source rows of ${rows}`);
  ctx.log(`wrote ${total.toLocaleString("en-US")} keys through the run's workers in ${shards} shard(s)`);
  // The workers' verification passes are reported with the rest, but this connection's own checks
  // (before the switch) must not inherit them as a budget already spent: 8 shards after a restart
  // would otherwise come close to the limit of 10 passes before any check here.
  return { ...merged, workerPasses: merged.verifyPasses, epoch };
}
