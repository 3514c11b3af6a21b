import { afterAll, beforeAll, expect, test } from "bun:test";
import { i2iTable, userFeatures } from "../testing/fixtures.ts";
import { useRedisServer } from "../testing/redis-test-server.ts";
import { keyFamily } from "./key-families.ts";
import { openConnection, parseRedisUrl, type WriteConnection } from "./redis-connection.ts";
import { ensurePresent, writeFamilies, type WritePlan } from "./write-families.ts";

let conn: WriteConnection;
// Registered before useRedisServer's afterAll, so the connection quits while the server still runs.
afterAll(async () => {
  await conn?.close();
});
const redis = useRedisServer();
beforeAll(async () => {
  conn = await openConnection(parseRedisUrl(redis.server.url), { reconnectAttempts: 5, timeoutMs: 1000 });
});

const templates = { userKey: "USER:{id}", i2iKey: "I2I:{algo}:{id}", featureKey: "F:{table}:{id}" };
const plan: WritePlan = {
  batchSize: 7, concurrency: 3, verifyAlways: false,
  retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 }, mode: { json: "string", ttlSeconds: 0 },
};

test("writes every key of several families, batch by batch, and reports progress", async () => {
  const fams = [keyFamily("i2i.x", i2iTable(30, 3), templates), keyFamily("features.user", userFeatures(20), templates)];
  const seen: number[] = [];
  const stats = await writeFamilies(conn, fams, "w:", { ...plan, progress: (done) => seen.push(done) });
  expect(stats).toEqual({ keys: 50, rows: 110, retries: 0, verifyPasses: 0, rewritten: 0, epoch: conn.epoch() });
  expect(await conn.redis.dbsize()).toBe(50);
  expect(Math.max(...seen)).toBe(50);
  expect(await conn.redis.hget("w:F:user:20", "zip")).toBe("Z19é");
});

test("a verification pass rewrites exactly the batches with missing keys", async () => {
  await conn.redis.flushall();
  const fam = keyFamily("i2i.x", i2iTable(30, 3), templates);
  await writeFamilies(conn, [fam], "w:", plan);
  // Items are 0, 2, …, 58; batches of 7 items. Lose one key in batch 0 and one in batch 3.
  await conn.redis.del("w:I2I:x:2", "w:I2I:x:44");
  const stats = await ensurePresent(conn, [fam], "w:", plan, -1);
  expect([stats.verifyPasses, stats.rewritten]).toEqual([1, 2]);
  expect(await conn.redis.exists("w:I2I:x:2", "w:I2I:x:44")).toBe(2);
});

test("an aborted write stops between batches", async () => {
  const ac = new AbortController();
  ac.abort(new Error("stage cancelled"));
  const fam = keyFamily("i2i.y", i2iTable(30, 3), templates);
  await expect(writeFamilies(conn, [fam], "a:", { ...plan, signal: ac.signal })).rejects.toThrow("stage cancelled");
});

test("verification passes the workers ran (workerPasses) are not counted against this connection's limit", async () => {
  await conn.redis.flushall();
  const fam = keyFamily("i2i.z", i2iTable(10, 2), templates);
  const stats = { keys: 10, rows: 20, retries: 0, verifyPasses: 12, rewritten: 0, epoch: -1 };
  // 12 passes on this connection already: the limit (10) is reached
  await expect(ensurePresent(conn, [fam], "p:", plan, -1, { ...stats })).rejects.toThrow(/kept dropping/);
  // 12 passes by 12 workers, none here: this connection's check runs, and writes what is missing
  const after = await ensurePresent(conn, [fam], "p:", plan, -1, { ...stats, workerPasses: 12 });
  expect([after.verifyPasses, after.rewritten]).toEqual([13, 2]);
  expect(await conn.redis.exists("p:I2I:z:0", "p:I2I:z:18")).toBe(2);
});
