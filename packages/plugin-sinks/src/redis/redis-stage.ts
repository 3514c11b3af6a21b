/**
 * sink.redis: publishes recommendation lists, neighbour lists and feature rows to Redis so that a
 * reader sees the previous publication or this one, never a mix (see README "Reading atomically").
 */
import { defineStage, type StageContext } from "@shortlist/runner";
import { presentRefs } from "../artifact-names.ts";
import { reportThroughput } from "../throughput.ts";
import { chooseJsonStorage, hasRedisJson } from "./json-support.ts";
import { checkDistinctPatterns, keyFamily, type KeyFamily } from "./key-families.ts";
import { keyPattern, namespaceOf, pointerKey } from "./key-layout.ts";
import { checkReachable, openConnection, parseRedisUrl, type WriteConnection } from "./redis-connection.ts";
import { redisOptions, type RedisOptions } from "./redis-options.ts";
import { renameInto } from "./rename-publish.ts";
import { allocateVersion, deleteNamespace, retireVersions, switchPointer } from "./versions.ts";
import { ensurePresent, writeFamilies, type WritePlan, type WriteStats } from "./write-families.ts";

async function loadFamilies(ctx: StageContext, o: RedisOptions): Promise<KeyFamily[]> {
  const families: KeyFamily[] = [];
  for (const r of presentRefs(ctx, "sink.redis", o.artifacts, "publish")) families.push(keyFamily(r.name, await ctx.table(r.name), o));
  checkDistinctPatterns(families);
  return families;
}

function planOf(ctx: StageContext, o: RedisOptions, storage: "redisjson" | "string"): WritePlan {
  return {
    batchSize: o.batchSize, concurrency: o.concurrency, verifyAlways: o.verify === "always",
    retry: { retries: o.retries, baseDelayMs: o.retryBaseMs, maxDelayMs: o.retryMaxMs },
    mode: { json: storage, ttlSeconds: o.ttlSeconds },
    signal: ctx.signal, progress: (done, total) => ctx.progress(done, total, "keys"),
  };
}

/**
 * Switches the pointer to `version`. A reconnection around the switch may mean a restart that lost
 * keys (or the pointer): then every key is checked again and the switch repeated. Returns the
 * version the pointer held before.
 */
async function switchWhenComplete(conn: WriteConnection, families: KeyFamily[], ns: string, plan: WritePlan, stats: WriteStats, prefix: string, version: number): Promise<number> {
  let previous: number | undefined;
  for (;;) {
    const checked = stats.epoch;
    const sw = await switchPointer(conn.redis, prefix, version);
    if (!sw.switched && sw.previous !== version) {
      await deleteNamespace(conn.redis, ns);
      throw new Error(`${pointerKey(prefix)} already points at version ${sw.previous}, newer than this run's ${version} (another run published meanwhile); this run's keys were removed`);
    }
    previous ??= sw.previous;
    if (conn.epoch() === checked) return previous;
    await ensurePresent(conn, families, ns, plan, -1, stats);
  }
}

async function publish(ctx: StageContext, o: RedisOptions, conn: WriteConnection, families: KeyFamily[]): Promise<void> {
  const { storage, note } = chooseJsonStorage(o.json, await hasRedisJson(conn.redis));
  ctx.log(note);
  const plan = planOf(ctx, o, storage);
  const version = await allocateVersion(conn.redis, o.prefix);
  const ns = namespaceOf(o.prefix, version);
  const started = performance.now();
  let stats: WriteStats;
  try {
    stats = await writeFamilies(conn, families, ns, plan);
    if (o.publish === "rename") await renameInto(conn, families, ns, o.prefix, plan, stats);
  } catch (e) {
    // Leave nothing half-written behind; if Redis is unreachable, the next run retires it.
    await deleteNamespace(conn.redis, ns).catch(() => ctx.log(`could not remove the partial version ${version}; the next run will`));
    throw e;
  }
  let previous = 0;
  if (o.publish === "pointer") {
    previous = await switchWhenComplete(conn, families, ns, plan, stats, o.prefix, version);
    ctx.log(`published version ${version}: ${pointerKey(o.prefix)} = ${version} (was ${previous || "unset"}); readers GET ${pointerKey(o.prefix)}, then read ${ns}<key>`);
  } else {
    ctx.log(`published by rename: keys now under ${o.prefix}<key>`);
  }
  const ms = performance.now() - started;
  const retryNote = stats.retries || stats.verifyPasses ? `, ${stats.retries} retries, ${stats.verifyPasses} verification passes, ${stats.rewritten} batches rewritten` : "";
  reportThroughput(ctx, `redis ${conn.redis.options.host}:${conn.redis.options.port}`, stats.rows, ms, `${stats.keys.toLocaleString("en-US")} keys${retryNote}`);
  ctx.metrics.record("keys", stats.keys);
  ctx.metrics.record("keys_per_s", Math.round(stats.keys / (ms / 1000)));
  ctx.metrics.record("version", version);

  if (o.publish === "pointer" && previous > 0 && o.retireDelayMs > 0) await Bun.sleep(o.retireDelayMs);
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
  async run(ctx, o) {
    const target = parseRedisUrl(o.url);
    // Key templates are configuration: check them before touching the network.
    keyPattern("userKey", o.userKey, { algo: "a" });
    keyPattern("i2iKey", o.i2iKey, { algo: "a" });
    keyPattern("featureKey", o.featureKey, { table: "t" });
    await checkReachable(target, o.connectTimeoutMs);
    const families = await loadFamilies(ctx, o);
    const conn = await openConnection(target, { reconnectAttempts: o.reconnectAttempts, timeoutMs: o.connectTimeoutMs });
    try {
      await publish(ctx, o, conn, families);
    } finally {
      await conn.close();
    }
  },
});
