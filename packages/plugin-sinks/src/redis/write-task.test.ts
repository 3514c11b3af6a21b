/**
 * The "redis-write" task against a real redis-server: ranges that split the keys anywhere (inside a
 * family or across families) write, together, exactly what one writeFamilies call writes, for every
 * command shape (MSET, SET … EX, HSET with and without EXPIRE); a range run twice (a retried job)
 * leaves the same state; an out-of-memory server fails the range with a UserError (never retried).
 */
import { expect, test } from "bun:test";
import { decodeFrame, encodeFrame, splitRanges, UserError, type Frame } from "@shortlist/runner";
import { i2iTable, recsTable, userFeatures } from "../testing/fixtures.ts";
import { dumpPrefix } from "../testing/sharded-publish.ts";
import { useRedisServer } from "../testing/redis-test-server.ts";
import { keyFamily } from "./key-families.ts";
import { openConnection, parseRedisUrl } from "./redis-connection.ts";
import { writeFamilies } from "./write-families.ts";
import { redisWriteTask, statsOf, writeInputFrame, type WriteInput } from "./write-task.ts";

const redis = useRedisServer();
const templates = { userKey: "USER:{id}", i2iKey: "I2I:{algo}:{id}", featureKey: "FEATURES:{table}:{id}" };
const env = { backend: () => Promise.reject(new Error("no backend")), signal: new AbortController().signal, progress: () => {} };

function input(namespace: string, ttlSeconds: number, sources: { artifact: string; table: ReturnType<typeof recsTable> }[]): Frame {
  const plan: WriteInput["plan"] = { batchSize: 16, concurrency: 3, verifyAlways: false, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 }, mode: { json: "string", ttlSeconds } };
  // through bytes, as a worker reads it from the store
  return decodeFrame(encodeFrame(writeInputFrame({ url: redis.server.url, namespace, templates, plan, connect: { reconnectAttempts: 3, timeoutMs: 1000 } }, sources)));
}

test("ranges split anywhere write together what one writeFamilies writes, for every command shape; a retried range changes nothing", async () => {
  let seed = 17;
  const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  for (const ttl of [0, 500]) {
    await redis.client.flushall();
    const sources = [
      { artifact: "recs.a", table: recsTable(100 + Math.floor(rnd() * 100), 1 + Math.floor(rnd() * 5)) },
      { artifact: "i2i.b", table: i2iTable(20 + Math.floor(rnd() * 40), 3) },
      { artifact: "features.user", table: userFeatures(50 + Math.floor(rnd() * 100)) },
    ];
    const families = sources.map((s) => keyFamily(s.artifact, s.table, templates));
    const total = families.reduce((n, f) => n + f.keys, 0);
    const conn = await openConnection(parseRedisUrl(redis.server.url), { reconnectAttempts: 3, timeoutMs: 1000 });
    const whole = await writeFamilies(conn, families, "ref:", { batchSize: 16, concurrency: 3, verifyAlways: false, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 }, mode: { json: "string", ttlSeconds: ttl } }).finally(() => conn.close());
    const frame = input("sh:", ttl, sources);
    // a list table travels as key, member and score: its rank (the row order) stays behind
    expect(Object.keys(frame.arrays).filter((k) => k.startsWith("recs.a/"))).toEqual(["recs.a/c/user", "recs.a/c/item", "recs.a/c/score"]);
    const ranges = splitRanges(total, 3 + Math.floor(rnd() * 5));
    const parts: Frame[] = [];
    for (const r of ranges) parts.push(await redisWriteTask.run(frame, r, env));
    await redisWriteTask.run(frame, ranges[1]!, env); // a retried job: the same range again
    const merged = statsOf(redisWriteTask.merge!(parts));
    expect(merged).toEqual({ keys: whole.keys, rows: whole.rows, retries: 0, verifyPasses: 0, rewritten: 0 });
    const reference = await dumpPrefix(redis.client, "ref:");
    expect(Object.keys(reference)).toHaveLength(total);
    if (ttl) expect(Object.values(reference).every((v) => v.ttl === "set")).toBe(true);
    expect(await dumpPrefix(redis.client, "sh:")).toEqual(reference);
  }
});

test("a range across two families writes only its own keys and counts only its rows; an empty range writes nothing", async () => {
  await redis.client.flushall();
  const sources = [{ artifact: "recs.a", table: recsTable(30, 2) }, { artifact: "features.user", table: userFeatures(10) }];
  const part = await redisWriteTask.run(input("e:", 0, sources), { index: 1, count: 2, from: 25, to: 35 }, env);
  expect(statsOf(part)).toMatchObject({ keys: 10, rows: 5 * 2 + 5 });
  expect(Object.keys(await dumpPrefix(redis.client, "e:")).sort()).toEqual([26, 27, 28, 29, 30].map((u) => `USER:${u}`).concat([1, 2, 3, 4, 5].map((u) => `FEATURES:user:${u}`)).sort());
  const none = await redisWriteTask.run(input("e2:", 0, sources), { index: 0, count: 1, from: 40, to: 40 }, env);
  expect(statsOf(none)).toMatchObject({ keys: 0, rows: 0 });
});

test("a server out of memory fails the range with a UserError naming it (a worker does not retry those)", async () => {
  await redis.client.flushall();
  await redis.client.config("SET", "maxmemory-policy", "noeviction");
  await redis.client.config("SET", "maxmemory", "3mb");
  try {
    const big = input("oom:", 0, [{ artifact: "recs.a", table: recsTable(100_000, 20) }]);
    const e = await Promise.resolve(redisWriteTask.run(big, { index: 0, count: 1, from: 0, to: 100_000 }, env)).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toContain(`Redis at 127.0.0.1:${redis.server.port}/0 is out of memory`);
  } finally {
    await redis.client.config("SET", "maxmemory", "0");
    await redis.client.flushall();
  }
});
