/**
 * Redis is killed (SIGKILL) at each phase of a publication and started again on the same port,
 * empty (no persistence): the stage retries, reconnects, finds what was lost, and finishes with
 * every key present under one version, nothing lost and nothing duplicated. Mid-write the kill is
 * timed by the key count; the phases that last one round trip are hit through a relay that kills
 * the server when it sees their command (testing/fault-proxy.ts).
 */
import { expect, test } from "bun:test";
import Redis from "ioredis";
import { UserError } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { expectedRecs, recsTable } from "../testing/fixtures.ts";
import { startFaultProxy, type Trigger } from "../testing/fault-proxy.ts";
import { startRedisServer } from "../testing/redis-server.ts";
import { useRedisServer } from "../testing/redis-test-server.ts";

const redis = useRedisServer();

const USERS = 200_000, K = 20;

/** Checks that the published version holds every user, with the right list, and nothing else is left. */
async function expectEveryKey(users: number): Promise<void> {
  const c = new Redis(redis.server.url);
  try {
    const v = await c.get("shortlist:current");
    expect(v).not.toBeNull();
    // Every key is there: the users plus current, seq and versions, and nothing else.
    expect(await c.dbsize()).toBe(users + 3);
    expect(await c.smembers("shortlist:versions")).toEqual([v!]);
    for (let start = 1; start <= users; start += 5000) {
      const ids = Array.from({ length: Math.min(5000, users - start + 1) }, (_, i) => start + i);
      const values = await c.mget(ids.map((u) => `shortlist:v${v}:USER:${u}`));
      values.forEach((raw, i) => {
        expect(raw).not.toBeNull();
        const u = ids[i]!;
        if (u % 997 === 0) expect(JSON.parse(raw!)).toEqual({ user_id: u, recommendations: expectedRecs(u, K) });
      });
    }
    expect(JSON.parse((await c.get(`shortlist:v${v}:USER:${users}`))!).recommendations).toEqual(expectedRecs(users, K));
  } finally {
    c.disconnect();
  }
}

async function flushAll(): Promise<void> {
  const c = new Redis(redis.server.url);
  await c.flushall().finally(() => c.disconnect());
}

test("killing and restarting redis-server mid-write ends with every key present", async () => {
  await flushAll();
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
  await expectEveryKey(USERS);
}, 120_000);

// Down longer than ioredis keeps a command waiting (it fails queued commands after 3 reconnect
// attempts, about 0.7 s, and resends the rest itself), so the stage's own retry must bring it back.
const DOWN_MS = 3000;

// Each phase before (and after) the write lasts one round trip; the relay kills the server when
// the phase's command is sent. `retried` is the log line of the step that had to be retried.
const PHASES: { phase: string; trigger: Trigger; retried: RegExp }[] = [
  { phase: "opening the write connection", trigger: { connection: 2 }, retried: /connecting to Redis: .*; retrying/ },
  { phase: "the RedisJSON probe", trigger: "JSON.SET", retried: /asking whether the server has RedisJSON: .*; retrying/ },
  { phase: "the version allocation", trigger: "redis.call('INCR'", retried: /allocating a version: .*; retrying/ },
  { phase: "the pointer switch", trigger: "if cur >= n then return {0, cur}", retried: /switching the pointer: .*; retrying/ },
];

for (const { phase, trigger, retried } of PHASES) {
  test(`killing and restarting redis-server during ${phase} ends with every key present`, async () => {
    await flushAll();
    const users = 30_000;
    const proxy = await startFaultProxy(redis.server.port, trigger, async () => {
      await redis.server.kill("SIGKILL");
      await Bun.sleep(DOWN_MS);
      await redis.server.restart();
    });
    let result;
    try {
      result = await runStage(plugin, "sink.redis", {
        inputs: { "recs.itemcf": recsTable(users, K) },
        options: { url: proxy.url, artifacts: ["recs.itemcf"], retryBaseMs: 50 },
      });
    } finally {
      await proxy.close();
    }
    expect(proxy.fired).toBe(true);
    expect(result.logs.join("\n")).toMatch(retried);
    await expectEveryKey(users);
  }, 60_000);
}

test("a server that stays away after every retry is a UserError naming it, not a stack", async () => {
  const own = await startRedisServer();
  let back!: () => void;
  const proxy = await startFaultProxy(own.port, "redis.call('INCR'", async () => {
    await own.kill("SIGKILL");
    await new Promise<void>((resolve) => (back = resolve)); // down until the stage has given up
  });
  try {
    const e = await runStage(plugin, "sink.redis", {
      inputs: { "recs.itemcf": recsTable(100, K) },
      options: { url: proxy.url, artifacts: ["recs.itemcf"], retries: 2, retryBaseMs: 50, reconnectAttempts: 3 },
    }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toContain(`lost the connection to Redis at ${proxy.url.slice("redis://".length)}/0`);
    expect((e as Error).message).toContain("allocating a version still failing after 3 attempts");
  } finally {
    back?.();
    await proxy.close();
    await own.stop();
  }
}, 60_000);
