import { afterAll, beforeAll, expect, test, setDefaultTimeout } from "bun:test";
import Redis from "ioredis";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { expectedRecs, recsTable } from "../testing/fixtures.ts";
import { startRedisServer, type RedisServer } from "../testing/redis-server.ts";
import { readCurrent } from "./read-current.ts";

// These tests start servers or wait on timeouts: a loaded 2-core machine can take more than 5 s.
setDefaultTimeout(60_000);

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

test("the one-round-trip reader follows the pointer to the current publication", async () => {
  expect(await readCurrent(redis, "shortlist:", "USER:3")).toBeNull();
  const options = { url: server.url, artifacts: ["recs.a"], retireDelayMs: 0 };
  await runStage(plugin, "sink.redis", { inputs: { "recs.a": recsTable(5, 3) }, options });
  expect(JSON.parse((await readCurrent(redis, "shortlist:", "USER:3"))!)).toEqual({ user_id: 3, recommendations: expectedRecs(3, 3) });
  await runStage(plugin, "sink.redis", { inputs: { "recs.a": recsTable(5, 3, 9) }, options });
  expect(JSON.parse((await readCurrent(redis, "shortlist:", "USER:3"))!).recommendations).toEqual(expectedRecs(3, 3, 9));
  expect(await readCurrent(redis, "shortlist:", "USER:99")).toBeNull();
});
