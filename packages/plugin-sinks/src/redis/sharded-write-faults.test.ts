/**
 * A sharded sink.redis write whose target Redis is killed and restarted (empty) mid-write, through
 * the fault relay (testing/fault-proxy.ts), the queue being on a server of its own: one worker's
 * task alone ends with its whole range present (its own verification pass), and a whole sharded
 * publication ends as the single-process sink's does.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeFrame, encodeFrame } from "@shortlist/runner";
import { startRedisServer, startWorker, type RedisServer, type RunningWorker } from "@shortlist/runner/testing";
import { startFaultProxy } from "../testing/fault-proxy.ts";
import { i2iTable, recsTable, userFeatures } from "../testing/fixtures.ts";
import { ARTIFACTS, dumpPrefix, runSinkPipeline, sinkPipeline } from "../testing/sharded-publish.ts";
import { useRedisServer } from "../testing/redis-test-server.ts";
import { keyFamily } from "./key-families.ts";
import { openConnection, parseRedisUrl } from "./redis-connection.ts";
import { RespWriter } from "./resp.ts";
import { keyNames } from "./write-commands.ts";
import { writeFamilies, type WritePlan } from "./write-families.ts";
import { redisWriteTask, statsOf, writeInputFrame } from "./write-task.ts";

let queue: RedisServer;
let workers: RunningWorker[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close(true)));
  await queue?.stop();
});
const redis = useRedisServer();
beforeAll(async () => {
  queue = await startRedisServer();
  workers = await Promise.all([0, 1].map(() => startWorker({ queue: queue.url, lockMs: 5000, log: () => {} })));
});

/** Kills the target server and starts it again, empty, a moment after the trigger (in-flight data lands first). */
const restart = async () => {
  await Bun.sleep(30);
  await redis.server.kill("SIGKILL");
  await redis.server.restart();
};

test("a worker whose connection drops mid-write (the server restarted empty) still ends with its whole range, and only it", async () => {
  const templates = { userKey: "USER:{id}", i2iKey: "I2I:{algo}:{id}", featureKey: "FEATURES:{table}:{id}" };
  const sources = [{ artifact: "recs.a", table: recsTable(600, 5) }, { artifact: "i2i.b", table: i2iTable(50, 4) }, { artifact: "features.user", table: userFeatures(600) }];
  const plan: Omit<WritePlan, "signal" | "progress"> = { batchSize: 25, concurrency: 4, verifyAlways: false, retry: { retries: 10, baseDelayMs: 20, maxDelayMs: 300 }, mode: { json: "string", ttlSeconds: 0 } };
  // the first HSET comes once the range's recs (300 of them) and i2i lists were sent
  const proxy = await startFaultProxy(redis.server.port, "HSET", restart);
  const range = { index: 1, count: 3, from: 300, to: 1000 };
  try {
    const input = writeInputFrame({ url: proxy.url, namespace: "shard:", templates, plan, connect: { reconnectAttempts: 20, timeoutMs: 1000 } }, sources);
    const part = await redisWriteTask.run(decodeFrame(encodeFrame(input)), range, { backend: () => Promise.reject(new Error("no backend")), signal: new AbortController().signal, progress: () => {} });
    expect(proxy.fired).toBe(true);
    const stats = statsOf(part);
    expect(stats).toMatchObject({ keys: 700, rows: 300 * 5 + 50 * 4 + 350 });
    expect(stats.verifyPasses).toBeGreaterThanOrEqual(1);
    expect(stats.rewritten).toBeGreaterThanOrEqual(1);
  } finally {
    await proxy.close();
  }
  // The reference: every key written in one process, then the range's keys picked out of it.
  const conn = await openConnection(parseRedisUrl(redis.server.url), { reconnectAttempts: 5, timeoutMs: 1000 });
  const families = sources.map((s) => keyFamily(s.artifact, s.table, templates));
  await writeFamilies(conn, families, "ref:", plan).finally(() => conn.close());
  const w = new RespWriter();
  const inRange = [...keyNames(families[0]!, 300, 600, "", w), ...keyNames(families[1]!, 0, 50, "", w), ...keyNames(families[2]!, 0, 350, "", w)];
  const ref = await dumpPrefix(redis.client, "ref:");
  expect(Object.keys(ref)).toHaveLength(1250);
  expect(await dumpPrefix(redis.client, "shard:")).toEqual(Object.fromEntries(inRange.map((k) => [k, ref[k]!])));
});

test("a sharded publication whose target restarts mid-write ends as the single-process one, every key present", async () => {
  await redis.client.flushall();
  const dir = mkdtempSync(join(tmpdir(), "sharded-sink-fault-"));
  const proxy = await startFaultProxy(redis.server.port, "HSET", restart);
  const base = { artifacts: ARTIFACTS, batchSize: 30, retireDelayMs: 0, retryBaseMs: 20, retryMaxMs: 300, connectTimeoutMs: 1000 };
  const logs: string[] = [];
  try {
    await runSinkPipeline(sinkPipeline(dir, 5, 400, { ...base, url: proxy.url, prefix: "f:" }), { queue: queue.url, shards: 4, logs });
    expect(proxy.fired).toBe(true);
  } finally {
    await proxy.close();
  }
  expect(logs.join("")).toMatch(/[1-9]\d* verification passes/);
  // the reference after the restart (which emptied the server), published in this process
  await runSinkPipeline(sinkPipeline(dir, 5, 400, { ...base, url: redis.server.url, prefix: "ref:" }));
  const reference = await dumpPrefix(redis.client, "ref:");
  expect(Object.keys(reference).length).toBe(400 + 90 + 400 + 3);
  expect(await dumpPrefix(redis.client, "f:")).toEqual(reference);
});
