/**
 * Sinks (issue 16, items 2 and 3): a sink reruns unless it can show its destination still holds what
 * it published (sink.redis checks the version pointer and the key count), `--only` republishes from
 * cached inputs, and the Redis password never reaches a file the run writes.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Redis from "ioredis";
import { startRedisServer, type RedisServer } from "../packages/plugin-sinks/src/testing/redis-server.ts";
import { shortlist, tempDir, writePipeline } from "./cli-helpers.ts";

const PASSWORD = "S3cret-pw-4711";
let server: RedisServer;
let client: Redis;
let url: string;

beforeAll(async () => {
  server = await startRedisServer(["--requirepass", PASSWORD]);
  url = `redis://:${PASSWORD}@127.0.0.1:${server.port}/0`;
  client = new Redis(url);
});
afterAll(async () => {
  client.disconnect();
  await server.stop();
});

const pipeline = () =>
  writePipeline(`name: sinks
plugins: ["@shortlist/plugin-data", "@shortlist/plugin-sinks"]
stages:
  - use: data.movielens
    with: { path: "synthetic:tiny" }
  - use: data.features
  - use: recall.popular
  - use: sink.redis
    with:
      url: \${REDIS_URL}
      artifacts: [recs.popular]
      retireDelayMs: 0
`);

async function published(): Promise<{ version: string | null; keys: number }> {
  const version = await client.get("shortlist:current");
  const keys = version ? (await client.keys(`shortlist:v${version}:*`)).length : 0;
  return { version, keys };
}

describe("sink.redis reruns when Redis lost what it published", () => {
  test("cached while Redis holds it; after FLUSHALL a rerun republishes; --only republishes alone", async () => {
    const file = pipeline();
    const out = tempDir();
    const env = { REDIS_URL: url };
    const first = await shortlist(["run", file, "--out", out], env);
    expect(first.stderr).not.toContain("error");
    expect(first.code).toBe(0);
    const p1 = await published();
    expect(p1.keys).toBe(100); // synthetic:tiny has 100 users

    const second = await shortlist(["run", file, "--out", out], env);
    expect(second.stderr).toMatch(/sink\.redis ↺ cached/);
    expect((await published()).version).toBe(p1.version);

    await client.flushall();
    const third = await shortlist(["run", file, "--out", out], env);
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(/recall\.popular ↺ cached/);
    expect(third.stderr).toContain("sink.redis: running again: shortlist:current is unset");
    expect(third.stderr).toMatch(/sink\.redis ✓/);
    const p3 = await published();
    expect(p3.keys).toBe(100);

    // a key lost from the published version is noticed too
    await client.del((await client.keys(`shortlist:v${p3.version}:*`))[0]!);
    const fourth = await shortlist(["run", file, "--out", out], env);
    expect(fourth.stderr).toContain(`version ${p3.version} holds 99 of the 100 keys published`);
    expect((await published()).keys).toBe(100);

    // --only: the sink runs (though cached), nothing else is recomputed
    const only = await shortlist(["run", file, "--out", out, "--only", "sink.redis"], env);
    expect(only.code).toBe(0);
    expect(only.stderr).toMatch(/sink\.redis ✓/);
    expect(only.stderr).not.toMatch(/data\.(movielens|features) ✓|recall\.popular ✓/);
    const p5 = await published();
    expect(Number(p5.version)).toBeGreaterThan(Number(p3.version));
    expect(p5.keys).toBe(100);
  });

  test("--only with an input that is not cached exits 2 naming it; an unknown stage id exits 2", async () => {
    const file = pipeline();
    const out = tempDir();
    const r = await shortlist(["run", file, "--out", out, "--only", "sink.redis"], { REDIS_URL: url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--only sink.redis needs input(s) that are not cached");
    expect(r.stderr).toContain("recs.popular: stage recall.popular has no cached result");
    const unknown = await shortlist(["run", file, "--out", out, "--only", "sink.redi"], { REDIS_URL: url });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('the pipeline has no stage "sink.redi"');
  });
});

test("the Redis password is in no file the run writes, and the stage's cache key stays stable", async () => {
  const file = pipeline();
  const out = tempDir();
  const r = await shortlist(["run", file, "--out", out], { REDIS_URL: url });
  expect(r.code).toBe(0);
  for (const f of ["manifest.json", "metrics.json", "report.html"]) expect(readFileSync(join(out, f), "utf8")).not.toContain(PASSWORD);
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
  expect(manifest.stages["sink.redis"].options.url).toBe(`redis://***@127.0.0.1:${server.port}/0`);
  const again = await shortlist(["run", file, "--out", out], { REDIS_URL: url });
  expect(again.stderr).toMatch(/sink\.redis ↺ cached/);
});
