/**
 * Each sink's `checkServices` hook (issue 17 item 4): what the runner calls for every stage before
 * the first one runs, and `shortlist validate --services` too. Redis against a real redis-server;
 * MongoDB and Milvus against a live server only when MONGODB_URI / MILVUS_ADDRESS are set.
 */
import { describe, expect, test } from "bun:test";
import { UserError } from "@shortlist/runner";
import plugin from "./index.ts";
import { freePort } from "./testing/redis-server.ts";
import { useRedisServer } from "./testing/redis-test-server.ts";

/** The stage's hook, called as the runner calls it: with its options after the schema's defaults. */
function check(stage: "sink.redis" | "sink.mongodb" | "sink.milvus", options: Record<string, unknown>) {
  const def = plugin.stages[stage];
  return Promise.resolve(def.checkServices!(def.options.parse(options) as never));
}

const redis = useRedisServer();

describe("sink.redis checkServices", () => {
  test("a server that answers: says which, and writes nothing", async () => {
    expect(await check("sink.redis", { url: `${redis.server.url}/3` })).toBe(`Redis at 127.0.0.1:${redis.server.port}/3`);
    expect(await redis.client.info("keyspace")).not.toMatch(/^db\d+:/m); // no key in any database
  });
  test("a closed port, a URL that is not Redis's, a missing database: UserErrors naming the address", async () => {
    const port = await freePort();
    const closed = check("sink.redis", { url: `redis://:pw-secret@127.0.0.1:${port}/0`, connectTimeoutMs: 500 });
    await expect(closed).rejects.toBeInstanceOf(UserError);
    await expect(closed).rejects.toThrow(new RegExp(`cannot reach Redis at 127\\.0\\.0\\.1:${port}/0: .*ECONNREFUSED`));
    await expect(closed.catch((e: Error) => e.message)).resolves.not.toContain("pw-secret");
    await expect(check("sink.redis", { url: "http://x" })).rejects.toThrow(/scheme "http:"/);
    await expect(check("sink.redis", { url: `${redis.server.url}/99` })).rejects.toThrow(/names database 99/);
  });
});

describe("sink.mongodb checkServices", () => {
  test("a closed port is a UserError naming the address, within the timeout", async () => {
    const uri = `mongodb://127.0.0.1:${await freePort()}/t`;
    await expect(check("sink.mongodb", { uri, connectTimeoutMs: 300 })).rejects.toThrow(/cannot reach MongoDB at mongodb:\/\/127\.0\.0\.1:\d+\/t/);
  });
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    console.log("skip: sink.mongodb checkServices against a live server: MONGODB_URI is not set");
    test.skip("a live server answers", () => {});
    return;
  }
  test("a live server answers", async () => {
    expect(await check("sink.mongodb", { uri })).toMatch(/^MongoDB at /);
  });
});

describe("sink.milvus checkServices", () => {
  const address = process.env.MILVUS_ADDRESS;
  if (!address) {
    console.log("skip: sink.milvus checkServices against a live server: MILVUS_ADDRESS is not set");
    test.skip("a live server answers", () => {});
    return;
  }
  test("a live server answers", async () => {
    expect(await check("sink.milvus", { algo: "tt", address })).toMatch(/^Milvus at /);
  });
});
