import { beforeEach, expect, test } from "bun:test";
import { useRedisServer } from "../testing/redis-test-server.ts";
import { allocateVersion, deleteNamespace, retireVersions, switchPointer } from "./versions.ts";

const redis = useRedisServer();
beforeEach(async () => {
  await redis.client.flushall();
});

test("versions count up and are recorded as possibly holding keys", async () => {
  expect(await allocateVersion(redis.client, "p:")).toBe(1);
  expect(await allocateVersion(redis.client, "p:")).toBe(2);
  expect((await redis.client.smembers("p:versions")).sort()).toEqual(["1", "2"]);
});

test("a lost counter never hands out a version at or below the published one", async () => {
  await redis.client.set("p:current", "7");
  expect(await allocateVersion(redis.client, "p:")).toBe(8);
});

test("the pointer only moves forward", async () => {
  expect(await switchPointer(redis.client, "p:", 3)).toEqual({ switched: true, previous: 0 });
  expect(await switchPointer(redis.client, "p:", 5)).toEqual({ switched: true, previous: 3 });
  expect(await switchPointer(redis.client, "p:", 4)).toEqual({ switched: false, previous: 5 });
  expect(await redis.client.get("p:current")).toBe("5");
  expect(await redis.client.get("p:seq")).toBe("5");
});

test("retiring deletes older versions' keys only, and forgets them", async () => {
  for (const v of [1, 2, 3]) {
    await redis.client.sadd("p:versions", String(v));
    await redis.client.mset(`p:v${v}:a`, "x", `p:v${v}:b`, "y");
  }
  await redis.client.set("p:v10:a", "not a version of ours: v10 is not recorded");
  expect(await retireVersions(redis.client, "p:", 2)).toEqual({ versions: [1, 2], keys: 4 });
  expect((await redis.client.keys("p:v*")).sort()).toEqual(["p:v10:a", "p:v3:a", "p:v3:b", "p:versions"]);
  expect(await redis.client.smembers("p:versions")).toEqual(["3"]);
});

test("deleteNamespace treats glob characters in the prefix literally", async () => {
  await redis.client.mset("a*:v1:k", "1", "ab:v1:k", "2", "a*:v1:j", "3");
  expect(await deleteNamespace(redis.client, "a*:v1:", 1)).toBe(2);
  expect(await redis.client.keys("*")).toEqual(["ab:v1:k"]);
});
