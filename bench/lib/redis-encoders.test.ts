import { expect, test } from "bun:test";
import { recsTable } from "../../packages/plugin-sinks/src/testing/fixtures.ts";
import { useRedisServer } from "../../packages/plugin-sinks/src/testing/redis-test-server.ts";
import { compareEncoders } from "./redis-encoders.ts";

const redis = useRedisServer();

test("the three ways store the same values and each is measured in both shapes", async () => {
  // compareEncoders refuses (throws) when a way stores other bytes than the sink's encoder.
  const rows = await compareEncoders(redis.server.url, recsTable(2_500, 5), 1);
  expect(rows.map((r) => r.way)).toEqual([
    "hand-encoded RESP (sink.redis)", "ioredis, Buffer arguments", "ioredis, string arguments",
    "hand-encoded RESP (sink.redis)", "ioredis, Buffer arguments", "ioredis, string arguments",
  ]);
  expect(new Set(rows.map((r) => r.shape)).size).toBe(2);
  for (const r of rows) expect(r.keysPerS).toBeGreaterThan(0);
  expect(await redis.client.dbsize()).toBe(0); // it cleans up after itself
});
