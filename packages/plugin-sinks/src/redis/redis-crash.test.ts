/**
 * Redis is killed (SIGKILL) in the middle of a large write and started again on the same port,
 * empty (no persistence): the write retries, reconnects, finds what was lost, and finishes with every key.
 */
import { expect, test } from "bun:test";
import Redis from "ioredis";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { expectedRecs, recsTable } from "../testing/fixtures.ts";
import { useRedisServer } from "../testing/redis-test-server.ts";

const redis = useRedisServer();

const USERS = 200_000, K = 20;

test("killing and restarting redis-server mid-write ends with every key present", async () => {
  let killedAt = -1;
  let stageDone = false;
  // Watches the key count from its own connection and kills the server a third of the way in.
  const killer = (async () => {
    const watch = new Redis(redis.server.url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    watch.on("error", () => {});
    try {
      while (!stageDone) {
        const n = await watch.dbsize();
        if (n > USERS / 3) {
          killedAt = n;
          await redis.server.kill("SIGKILL");
          await Bun.sleep(1500);
          await redis.server.restart();
          return;
        }
        await Bun.sleep(2);
      }
    } finally {
      watch.disconnect();
    }
  })();
  let result;
  try {
    result = await runStage(plugin, "sink.redis", {
      inputs: { "recs.itemcf": recsTable(USERS, K) },
      options: { url: redis.server.url, artifacts: ["recs.itemcf"], retryBaseMs: 50 },
    });
  } finally {
    stageDone = true;
    await killer;
  }
  // The kill happened mid-write, not after it.
  expect(killedAt).toBeGreaterThan(0);
  expect(killedAt).toBeLessThan(USERS);
  // Down long enough (1.5 s) for ioredis to fail the queued commands after its 3 reconnect attempts
  // (0.1 + 0.2 + 0.4 s), so our per-batch retry ran too, and the check found the lost keys.
  expect(result.logs.join("\n")).toMatch(/[1-9]\d* retries, [1-9]\d* verification passes, [1-9]\d* batches rewritten/);

  const c = new Redis(redis.server.url);
  try {
    const v = await c.get("shortlist:current");
    expect(v).not.toBeNull();
    // Every key is there: the users plus current, seq and versions, and nothing else.
    expect(await c.dbsize()).toBe(USERS + 3);
    for (let start = 1; start <= USERS; start += 5000) {
      const users = Array.from({ length: 5000 }, (_, i) => start + i);
      const values = await c.mget(users.map((u) => `shortlist:v${v}:USER:${u}`));
      values.forEach((raw, i) => {
        expect(raw).not.toBeNull();
        const u = users[i]!;
        if (u % 997 === 0) expect(JSON.parse(raw!)).toEqual({ user_id: u, recommendations: expectedRecs(u, K) });
      });
    }
    expect(JSON.parse((await c.get(`shortlist:v${v}:USER:${USERS}`))!).recommendations).toEqual(expectedRecs(USERS, K));
  } finally {
    c.disconnect();
  }
}, 120_000);
