import { afterAll, beforeAll, beforeEach, expect, test, setDefaultTimeout } from "bun:test";
import Redis from "ioredis";
import { startRedisServer, type RedisServer } from "../testing/redis-server.ts";
import { allocateVersion, deleteNamespace, retireVersions, switchPointer } from "./versions.ts";

// These tests start servers or wait on timeouts: a loaded 2-core machine can take more than 5 s.
setDefaultTimeout(60_000);

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
beforeEach(async () => {
  await redis.flushall();
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

test("versions count up and are recorded as possibly holding keys", async () => {
  expect(await allocateVersion(redis, "p:")).toBe(1);
  expect(await allocateVersion(redis, "p:")).toBe(2);
  expect((await redis.smembers("p:versions")).sort()).toEqual(["1", "2"]);
});

test("a lost counter never hands out a version at or below the published one", async () => {
  await redis.set("p:current", "7");
  expect(await allocateVersion(redis, "p:")).toBe(8);
});

test("the pointer only moves forward", async () => {
  expect(await switchPointer(redis, "p:", 3)).toEqual({ switched: true, previous: 0 });
  expect(await switchPointer(redis, "p:", 5)).toEqual({ switched: true, previous: 3 });
  expect(await switchPointer(redis, "p:", 4)).toEqual({ switched: false, previous: 5 });
  expect(await redis.get("p:current")).toBe("5");
  expect(await redis.get("p:seq")).toBe("5");
});

test("retiring deletes older versions' keys only, and forgets them", async () => {
  for (const v of [1, 2, 3]) {
    await redis.sadd("p:versions", String(v));
    await redis.mset(`p:v${v}:a`, "x", `p:v${v}:b`, "y");
  }
  await redis.set("p:v10:a", "not a version of ours: v10 is not recorded");
  expect(await retireVersions(redis, "p:", 2)).toEqual({ versions: [1, 2], keys: 4 });
  expect((await redis.keys("p:v*")).sort()).toEqual(["p:v10:a", "p:v3:a", "p:v3:b", "p:versions"]);
  expect(await redis.smembers("p:versions")).toEqual(["3"]);
});

test("deleteNamespace treats glob characters in the prefix literally", async () => {
  await redis.mset("a*:v1:k", "1", "ab:v1:k", "2", "a*:v1:j", "3");
  expect(await deleteNamespace(redis, "a*:v1:", 1)).toBe(2);
  expect(await redis.keys("*")).toEqual(["ab:v1:k"]);
});
