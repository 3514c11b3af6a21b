/**
 * A URL naming a database the server does not have: ioredis sends SELECT on connect and, when it
 * fails, only emits an "error" event and goes on in database 0. The stage must refuse instead.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import Redis from "ioredis";
import { UserError } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { recsTable } from "../testing/fixtures.ts";
import { startRedisServer, type RedisServer } from "../testing/redis-server.ts";

setDefaultTimeout(60_000);
let sixteen: RedisServer, noConfig: RedisServer;
beforeAll(async () => {
  sixteen = await startRedisServer(["--databases", "16"]);
  // A managed service that refuses CONFIG, as many do.
  noConfig = await startRedisServer(["--databases", "4", "--rename-command", "CONFIG", ""]);
});
afterAll(async () => {
  await sixteen?.stop();
  await noConfig?.stop();
});

const inputs = { "recs.a": recsTable(20, 3) };

async function withClient<T>(url: string, fn: (c: Redis) => Promise<T>): Promise<T> {
  const c = new Redis(url);
  try {
    return await fn(c);
  } finally {
    c.disconnect();
  }
}

/** Keys in every database of the server, from INFO keyspace ("db0:keys=3,…"). */
const keysPerDatabase = (url: string) =>
  withClient(url, async (c) => (await c.info("keyspace")).split(/\r?\n/).filter((l) => l.startsWith("db")).join(","));

test("database 99 on a server with 16 is a UserError naming both, and nothing is written", async () => {
  const p = runStage(plugin, "sink.redis", { inputs, options: { url: `${sixteen.url}/99`, artifacts: ["recs.a"] } });
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(UserError);
  expect((e as Error).message).toMatch(/database 99 .*has 16 databases \(0–15\)/);
  expect(await keysPerDatabase(sixteen.url)).toBe("");
});

test("when CONFIG is refused, the message says the server refused SELECT n", async () => {
  const p = runStage(plugin, "sink.redis", { inputs, options: { url: `${noConfig.url}/7`, artifacts: ["recs.a"] } });
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(UserError);
  expect((e as Error).message).toMatch(/refused SELECT 7/);
  expect(await keysPerDatabase(noConfig.url)).toBe("");
});

test("a database the server has is written, and only that one", async () => {
  await withClient(sixteen.url, (c) => c.flushall());
  await runStage(plugin, "sink.redis", { inputs, options: { url: `${sixteen.url}/15`, artifacts: ["recs.a"] } });
  expect(await keysPerDatabase(sixteen.url)).toMatch(/^db15:keys=23,/);
});
