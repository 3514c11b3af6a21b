import { expect, test } from "bun:test";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { expectedRecs, recsTable } from "../testing/fixtures.ts";
import { useRedisServer } from "../testing/redis-test-server.ts";
import { readCurrent } from "./read-current.ts";

const redis = useRedisServer();

test("the one-round-trip reader follows the pointer to the current publication", async () => {
  expect(await readCurrent(redis.client, "shortlist:", "USER:3")).toBeNull();
  const options = { url: redis.server.url, artifacts: ["recs.a"], retireDelayMs: 0 };
  await runStage(plugin, "sink.redis", { inputs: { "recs.a": recsTable(5, 3) }, options });
  expect(JSON.parse((await readCurrent(redis.client, "shortlist:", "USER:3"))!)).toEqual({ user_id: 3, recommendations: expectedRecs(3, 3) });
  await runStage(plugin, "sink.redis", { inputs: { "recs.a": recsTable(5, 3, 9) }, options });
  expect(JSON.parse((await readCurrent(redis.client, "shortlist:", "USER:3"))!).recommendations).toEqual(expectedRecs(3, 3, 9));
  expect(await readCurrent(redis.client, "shortlist:", "USER:99")).toBeNull();
});
