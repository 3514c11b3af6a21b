/**
 * sink.redis: publishes recommendation lists, neighbour lists and feature rows to Redis so that a
 * reader sees the previous publication or this one, never a mix (see README "Reading atomically").
 */
import { defineStage, type StageContext, type Table } from "@shortlist/runner";
import { presentRefs } from "../artifact-names.ts";
import { reportThroughput } from "../throughput.ts";
import { chooseJsonStorage, hasRedisJson } from "./json-support.ts";
import { checkDistinctPatterns, keyFamily, type KeyFamily } from "./key-families.ts";
import { keyPattern, namespaceOf, pointerKey } from "./key-layout.ts";
import { checkReachable, openConnection, parseRedisUrl, type WriteConnection } from "./redis-connection.ts";
import { redisOptions, type RedisOptions } from "./redis-options.ts";
import { renameInto } from "./rename-publish.ts";
import { shardsFor, writeSharded } from "./sharded-write.ts";
import { verifyRedisPublished, type RedisReceipt } from "./verify-published.ts";
import { explainFailure } from "./redis-faults.ts";
import { logRetry, retryPolicyOf, retryStep } from "./retry-step.ts";
import { switchWhenComplete } from "./switch-when-complete.ts";
import { allocateVersion, deleteNamespace, retireVersions } from "./versions.ts";
import { writeFamilies, type WritePlan, type WriteStats } from "./write-families.ts";

interface Loaded {
  families: KeyFamily[];
  /** The tables behind `families`, in the same order (a sharded write sends them to its workers). */
  sources: { artifact: string; table: Table }[];
}

async function loadFamilies(ctx: StageContext, o: RedisOptions): Promise<Loaded> {
  const loaded: Loaded = { families: [], sources: [] };
  for (const r of presentRefs(ctx, "sink.redis", o.artifacts, "publish")) {
    const table = await ctx.table(r.name);
    loaded.families.push(keyFamily(r.name, table, o));
    loaded.sources.push({ artifact: r.name, table });
  }
  checkDistinctPatterns(loaded.families);
  return loaded;
}

function planOf(ctx: StageContext, o: RedisOptions, storage: "redisjson" | "string"): WritePlan {
  return {
    batchSize: o.batchSize, concurrency: o.concurrency, verifyAlways: o.verify === "always",
    retry: retryPolicyOf(o),
    mode: { json: storage, ttlSeconds: o.ttlSeconds },
    signal: ctx.signal, progress: (done, total) => ctx.progress(done, total, "keys"),
  };
}

async function publish(ctx: StageContext, o: RedisOptions, conn: WriteConnection, { families, sources }: Loaded): Promise<void> {
  const policy = retryPolicyOf(o);
  const { storage, note } = chooseJsonStorage(o.json, await retryStep(ctx, policy, "asking whether the server has RedisJSON", () => hasRedisJson(conn.redis)));
  ctx.log(note);
  const plan = planOf(ctx, o, storage);
  const version = await retryStep(ctx, policy, "allocating a version", () => allocateVersion(conn.redis, o.prefix));
  const ns = namespaceOf(o.prefix, version);
  const started = performance.now();
  let stats: WriteStats;
  try {
    // With workers (`shortlist run --queue`), they write the keys by range; the switch stays here.
    const shards = ctx.cluster ? shardsFor(ctx.cluster.shards, families, plan.batchSize) : 1;
    stats = ctx.cluster && shards > 1
      ? await writeSharded(ctx, ctx.cluster, o, conn, sources, families, ns, plan, shards)
      : await writeFamilies(conn, families, ns, plan);
    if (o.publish === "rename") await renameInto(conn, families, ns, o.prefix, plan, stats);
  } catch (e) {
    // Leave nothing half-written behind; if Redis is unreachable, the next run retires it.
    await deleteNamespace(conn.redis, ns).catch(() => ctx.log(`could not remove the partial version ${version}; the next run will`));
    throw e;
  }
  let previous: number | undefined = 0;
  if (o.publish === "pointer") {
    previous = await switchWhenComplete(ctx, conn, families, ns, plan, stats, o.prefix, version);
    ctx.log(`published version ${version}: ${pointerKey(o.prefix)} = ${version} (was ${previous === undefined ? "unknown: the switch's reply was lost" : previous || "unset"}); readers GET ${pointerKey(o.prefix)}, then read ${ns}<key>`);
  } else {
    ctx.log(`published by rename: keys now under ${o.prefix}<key>`);
  }
  const ms = performance.now() - started;
  const retryNote = stats.retries || stats.verifyPasses ? `, ${stats.retries} retries, ${stats.verifyPasses} verification passes, ${stats.rewritten} batches rewritten` : "";
  reportThroughput(ctx, `redis ${conn.redis.options.host}:${conn.redis.options.port}`, stats.rows, ms, `${stats.keys.toLocaleString("en-US")} keys${retryNote}`);
  ctx.metrics.record("keys", stats.keys);
  ctx.metrics.record("keys_per_s", Math.round(stats.keys / (ms / 1000)));
  ctx.metrics.record("version", version);
  ctx.recordPublished({ prefix: o.prefix, version, keys: stats.keys, publish: o.publish } satisfies RedisReceipt);

  if (o.publish === "pointer" && previous !== 0 && o.retireDelayMs > 0) await Bun.sleep(o.retireDelayMs);
  try {
    const retired = await retireVersions(conn.redis, o.prefix, o.publish === "pointer" ? version - 1 : version);
    if (retired.versions.length) ctx.log(`removed version(s) ${retired.versions.join(", ")}: ${retired.keys} keys`);
  } catch (e) {
    // Published already; the versions set still lists what was not removed, and the next run will.
    ctx.log(`could not remove older versions yet (${e instanceof Error ? e.message : e}); the next run will`);
  }
}

export const redisSink = defineStage({
  kind: "sink",
  description: "Publishes recs, i2i lists and feature rows to Redis, atomically for readers",
  options: redisOptions,
  inputs: (o) => o.artifacts,
  outputs: [],
  verifyPublished: verifyRedisPublished,
  // Connect (AUTH with the URL's credentials), SELECT its database, PING: before the pipeline's compute.
  async checkServices(o) {
    const target = parseRedisUrl(o.url);
    await checkReachable(target, o.connectTimeoutMs);
    return `Redis at ${target.display}`;
  },
  async run(ctx, o) {
    const target = parseRedisUrl(o.url);
    // Key templates are configuration: check them before touching the network.
    keyPattern("userKey", o.userKey, { algo: "a" });
    keyPattern("i2iKey", o.i2iKey, { algo: "a" });
    keyPattern("featureKey", o.featureKey, { table: "t" });
    await checkReachable(target, o.connectTimeoutMs);
    const loaded = await loadFamilies(ctx, o);
    try {
      const conn = await openConnection(target, { reconnectAttempts: o.reconnectAttempts, timeoutMs: o.connectTimeoutMs, retry: retryPolicyOf(o), onRetry: logRetry(ctx, "connecting to Redis") });
      try {
        await publish(ctx, o, conn, loaded);
      } finally {
        await conn.close();
      }
    } catch (e) {
      throw explainFailure(e, target.display); // out of memory, or a server that stayed away: exit 2
    }
  },
});
