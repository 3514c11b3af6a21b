/**
 * A Redis that is out of memory (`maxmemory` reached with `noeviction`) refuses writes with an
 * OOM reply. A retry cannot cure it: the stage fails at once with a UserError that names the
 * server and says what to do, and removes what it had written.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import Redis from "ioredis";
import { UserError } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { recsTable } from "../testing/fixtures.ts";
import { startRedisServer, type RedisServer } from "../testing/redis-server.ts";

setDefaultTimeout(60_000);
let server: RedisServer, client: Redis;
beforeAll(async () => {
  // An empty redis-server uses about 1 MB; 3 MB holds a few thousand of the users below, not all.
  server = await startRedisServer(["--maxmemory", "3mb", "--maxmemory-policy", "noeviction"]);
  client = new Redis(server.url);
});
afterAll(async () => {
  client?.disconnect();
  await server?.stop();
});

test("out of memory mid-write is a UserError naming the server and the fix, and leaves no partial version", async () => {
  const started = performance.now();
  const e = await runStage(plugin, "sink.redis", {
    inputs: { "recs.a": recsTable(100_000, 20) },
    options: { url: server.url, artifacts: ["recs.a"] },
  }).then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(UserError);
  const msg = (e as Error).message;
  expect(msg).toContain(`Redis at 127.0.0.1:${server.port}/0 is out of memory`);
  expect(msg).toContain("maxmemory");
  // Failed at once, not after a retry loop with backoff.
  expect(performance.now() - started).toBeLessThan(10_000);
  // Nothing half-written: no key of the failed version is left; the published pointer was never set.
  expect(await client.get("shortlist:current")).toBeNull();
  const [, keys] = await client.scan("0", "MATCH", "shortlist:v[0-9]*", "COUNT", 100_000);
  expect(keys).toEqual([]);
});

test("a server already full refuses the version allocation with the same UserError", async () => {
  await client.flushall();
  // Fill it with ballast (refused once full), as another application sharing the server would.
  const ballast = "x".repeat(10_000);
  for (let i = 0; ; i++) {
    const ok = await client.set(`ballast:${i}`, ballast).then(() => true, () => false);
    if (!ok) break;
  }
  const e = await runStage(plugin, "sink.redis", {
    inputs: { "recs.a": recsTable(10, 2) }, options: { url: server.url, artifacts: ["recs.a"] },
  }).then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(UserError);
  expect((e as Error).message).toContain("is out of memory");
  expect(await client.get("shortlist:current")).toBeNull();
});
