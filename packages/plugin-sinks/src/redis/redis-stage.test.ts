import { describe, expect, test } from "bun:test";
import { UserError } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { expectedRecs, i2iTable, recsTable, userFeatures } from "../testing/fixtures.ts";
import { freePort } from "../testing/redis-server.ts";
import { useRedisServer } from "../testing/redis-test-server.ts";

const redis = useRedisServer();

async function keysMatching(pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.client.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    out.push(...keys);
    cursor = next;
  } while (cursor !== "0");
  return out;
}

describe("sink.redis against a real redis-server", () => {
  test("publishes recs, i2i and feature rows that read back exactly", async () => {
    await redis.client.flushall();
    const users = 300, items = 50;
    const recs = recsTable(users, 20), i2i = i2iTable(items, 10), feats = userFeatures(users);
    const { metrics, logs } = await runStage(plugin, "sink.redis", {
      inputs: { "recs.itemcf": recs, "i2i.swing": i2i, "features.user": feats },
      options: { url: redis.server.url, artifacts: ["recs.itemcf", "i2i.swing", "features.user", "recs.twotower?"], batchSize: 64 },
    });
    expect(await redis.client.get("shortlist:current")).toBe("1");
    for (let u = 1; u <= users; u++) {
      expect(JSON.parse((await redis.client.get(`shortlist:v1:USER:${u}`))!)).toEqual({ user_id: u, recommendations: expectedRecs(u, 20) });
    }
    const nb = i2i.columns.neighbour as Int32Array, sc = i2i.columns.score as Float32Array;
    for (let i = 0; i < items; i++) {
      const list = JSON.parse((await redis.client.get(`shortlist:v1:I2I:swing:${i * 2}`))!) as { item_id: number; score: number }[];
      expect(list.map((e) => e.item_id)).toEqual([...nb.subarray(i * 10, i * 10 + 10)]);
      expect(list.map((e) => Math.fround(e.score))).toEqual([...sc.subarray(i * 10, i * 10 + 10)]);
    }
    const f = await redis.client.hgetall("shortlist:v1:FEATURES:user:7");
    expect(f).toEqual({ age: "24", avg_rating: String(Math.fround(1 + 6 / 3)), watch_volume: String(6 * 0.1), zip: "Z6é" });
    expect(Number(f.avg_rating)).toBe((feats.columns.avg_rating as Float32Array)[6]!);
    // Nothing else was written: the keys plus current, seq and versions.
    expect(await redis.client.dbsize()).toBe(users + items + users + 3);
    expect(metrics.rows).toBe(users * 20 + items * 10 + users);
    expect(metrics.keys).toBe(users + items + users);
    expect(metrics.rows_per_s).toBeGreaterThan(0);
    expect(logs.some((l) => l.includes("RedisJSON not loaded"))).toBe(true);
  });

  test("a second publication switches the pointer and removes the first version's keys", async () => {
    await redis.client.flushall();
    const opts = { url: redis.server.url, artifacts: ["recs.a"], retireDelayMs: 0 };
    await runStage(plugin, "sink.redis", { inputs: { "recs.a": recsTable(100, 5) }, options: opts });
    const { logs } = await runStage(plugin, "sink.redis", { inputs: { "recs.a": recsTable(80, 5, 1) }, options: opts });
    expect(await redis.client.get("shortlist:current")).toBe("2");
    expect(await keysMatching("shortlist:v1:*")).toEqual([]);
    expect((await keysMatching("shortlist:v2:*")).length).toBe(80);
    expect(JSON.parse((await redis.client.get("shortlist:v2:USER:3"))!).recommendations).toEqual(expectedRecs(3, 5, 1));
    expect(await redis.client.smembers("shortlist:versions")).toEqual(["2"]);
    expect(logs.some((l) => l.includes("removed version(s) 1: 100 keys"))).toBe(true);
  });

  test("leftovers of a run that crashed before publishing are removed by the next run", async () => {
    await redis.client.flushall();
    await redis.client.set("shortlist:seq", "4");
    await redis.client.sadd("shortlist:versions", "4");
    await redis.client.set("shortlist:v4:USER:1", "half-written");
    await runStage(plugin, "sink.redis", { inputs: { "recs.a": recsTable(10, 3) }, options: { url: redis.server.url, artifacts: ["recs.a"] } });
    expect(await redis.client.get("shortlist:current")).toBe("5");
    expect(await redis.client.exists("shortlist:v4:USER:1")).toBe(0);
  });

  test('verify: "always" checks every key even when the connection never dropped', async () => {
    await redis.client.flushall();
    const { logs } = await runStage(plugin, "sink.redis", { inputs: { "recs.a": recsTable(50, 2) }, options: { url: redis.server.url, artifacts: ["recs.a"], verify: "always", batchSize: 16 } });
    expect(logs.join("\n")).toContain("0 retries, 1 verification passes, 0 batches rewritten");
    const { logs: quiet } = await runStage(plugin, "sink.redis", { inputs: { "recs.a": recsTable(50, 2) }, options: { url: redis.server.url, artifacts: ["recs.a"], retireDelayMs: 0 } });
    expect(quiet.join("\n")).not.toContain("verification passes");
  });

  test("ttlSeconds sets a time to live on every key", async () => {
    await redis.client.flushall();
    await runStage(plugin, "sink.redis", {
      inputs: { "recs.a": recsTable(20, 3), "features.user": userFeatures(20) },
      options: { url: redis.server.url, artifacts: ["recs.a", "features.user"], ttlSeconds: 100, prefix: "t:" },
    });
    for (const k of [...(await keysMatching("t:v1:*"))]) {
      const ttl = await redis.client.ttl(k);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(100);
    }
    expect(JSON.parse((await redis.client.get("t:v1:USER:20"))!).recommendations).toEqual(expectedRecs(20, 3));
  });

  test('publish: "rename" puts keys under their plain names and leaves no staging keys', async () => {
    await redis.client.flushall();
    await redis.client.set("r:USER:1", "old");
    await runStage(plugin, "sink.redis", {
      inputs: { "recs.a": recsTable(150, 4) },
      options: { url: redis.server.url, artifacts: ["recs.a"], prefix: "r:", publish: "rename", batchSize: 40 },
    });
    expect(JSON.parse((await redis.client.get("r:USER:1"))!)).toEqual({ user_id: 1, recommendations: expectedRecs(1, 4) });
    expect((await keysMatching("r:USER:*")).length).toBe(150);
    expect(await keysMatching("r:v*")).toEqual([]);
    expect(await redis.client.smembers("r:versions")).toEqual([]);
  });

  test("stopping mid-write (ctx.signal) removes the partial version and leaves the published one", async () => {
    await redis.client.flushall();
    const options = { url: redis.server.url, artifacts: ["recs.a"], prefix: "s:", batchSize: 50, concurrency: 1, retireDelayMs: 0 };
    await runStage(plugin, "sink.redis", { inputs: { "recs.a": recsTable(100, 3) }, options });
    const ac = new AbortController();
    const stopped = await runStage(plugin, "sink.redis", {
      inputs: { "recs.a": recsTable(5000, 3, 1) },
      options,
      signal: ac.signal,
      progress: (done) => void (done >= 1000 && ac.abort(new Error("stopped by the test"))),
    }).then(() => undefined, (e: Error) => e);
    expect(stopped?.message).toBe("stopped by the test");
    expect(await redis.client.get("s:current")).toBe("1");
    expect(await keysMatching("s:v2:*")).toEqual([]);
    expect((await keysMatching("s:v1:*")).length).toBe(100);
    expect(JSON.parse((await redis.client.get("s:v1:USER:7"))!).recommendations).toEqual(expectedRecs(7, 3));
  });
});

describe("sink.redis refuses bad configuration before any work", () => {
  const inputs = { "recs.a": recsTable(3, 2) };
  test("a URL that is not redis:// is a UserError naming the expected form", async () => {
    for (const url of ["localhost:6379", "http://localhost:6379", "redis://", "redis://h:1/abc"]) {
      const p = runStage(plugin, "sink.redis", { inputs, options: { url, artifacts: ["recs.a"] } });
      await expect(p).rejects.toBeInstanceOf(UserError);
    }
    await expect(runStage(plugin, "sink.redis", { inputs, options: { url: "http://h:1", artifacts: ["recs.a"] } })).rejects.toThrow(/expected redis:\/\/\[user:password@\]host/);
  });

  test("a server that is not there is a UserError saying it cannot be reached", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const p = runStage(plugin, "sink.redis", { inputs, options: { url, artifacts: ["recs.a"], connectTimeoutMs: 500 } });
    await expect(p).rejects.toThrow(/cannot reach Redis at 127\.0\.0\.1:\d+\/0/);
  });

  test("bad key templates and missing artifacts are UserErrors", async () => {
    await expect(runStage(plugin, "sink.redis", { inputs, options: { url: redis.server.url, artifacts: ["recs.a"], userKey: "USER" } })).rejects.toThrow(/must contain \{id\}/);
    await expect(runStage(plugin, "sink.redis", { inputs: {}, options: { url: redis.server.url } })).rejects.toThrow(/found none of its artifacts/);
    await expect(runStage(plugin, "sink.redis", {
      inputs: { "recs.a": recsTable(2, 2), "recs.b": recsTable(2, 2) }, options: { url: redis.server.url, artifacts: ["recs.a", "recs.b"] },
    })).rejects.toThrow(/both be written to keys "USER:\{id\}"/);
  });
});
