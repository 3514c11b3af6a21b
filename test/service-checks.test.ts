/**
 * Issue 17 item 4: every sink's service is checked before the first stage runs (a wrong Redis port
 * used to fail the run at its last stage, after all the compute), and `validate --services` runs the
 * same checks. Against a real redis-server with a password, and a port nothing listens on.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { freePort, startRedisServer, type RedisServer } from "../packages/plugin-sinks/src/testing/redis-server.ts";
import { shortlist, tempDir, writePipeline } from "./cli-helpers.ts";

setDefaultTimeout(60_000);
const PASSWORD = "Pw-for-17-4";
let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer(["--requirepass", PASSWORD]);
});
afterAll(async () => server.stop());

/** Compute first, sink.redis last, as in a real pipeline. */
const pipeline = () =>
  writePipeline(`name: services
plugins: ["@shortlist/plugin-data", "@shortlist/plugin-sinks"]
stages:
  - use: data.movielens
    with: { path: "synthetic:tiny" }
  - use: data.features
  - use: recall.popular
  - use: sink.redis
    with: { url: "\${REDIS_URL}", artifacts: [recs.popular], connectTimeoutMs: 1000, retireDelayMs: 0 }
`);

/** Runs the pipeline with this Redis URL; the run directory is fresh each time. */
async function runWith(url: string) {
  const out = join(tempDir(), "run");
  return { out, ...(await shortlist(["run", pipeline(), "--out", out], { REDIS_URL: url })) };
}

describe("a sink's service that cannot be used fails the run before its first stage", () => {
  test("a closed port: exit 2 naming the stage, the address and the cause; nothing ran, no run directory", async () => {
    const port = await freePort();
    const r = await runWith(`redis://127.0.0.1:${port}/0`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("stage sink.redis:");
    expect(r.stderr).toContain(`127.0.0.1:${port}/0`);
    expect(r.stderr).toMatch(/ECONNREFUSED|refused/i);
    expect(r.stderr).not.toContain("data.movielens"); // no stage started
    expect(existsSync(r.out)).toBe(false);
  });

  test("a wrong password: exit 2 naming the cause, and the password is not printed", async () => {
    const r = await runWith(`redis://:not-the-password@127.0.0.1:${server.port}/0`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`stage sink.redis: sink.redis cannot reach Redis at 127.0.0.1:${server.port}/0`);
    expect(r.stderr).toMatch(/WRONGPASS|invalid password|NOAUTH/i);
    expect(r.stderr).not.toContain("not-the-password");
    expect(existsSync(r.out)).toBe(false);
  });

  test("a database the server does not have: exit 2 before anything runs", async () => {
    const r = await runWith(`redis://:${PASSWORD}@127.0.0.1:${server.port}/99`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("names database 99");
    expect(r.stderr).not.toContain(PASSWORD);
    expect(existsSync(r.out)).toBe(false);
  });

  test("the right URL runs the whole pipeline", async () => {
    const r = await runWith(`redis://:${PASSWORD}@127.0.0.1:${server.port}/0`);
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
  });
});

describe("shortlist validate --services", () => {
  test("reports each sink's service that answered", async () => {
    const r = await shortlist(["validate", pipeline(), "--services"], { REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${server.port}/0` });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`sink.redis: Redis at 127.0.0.1:${server.port}/0 answered`);
    expect(r.stdout).not.toContain(PASSWORD);
  });
  test("fails with exit 2 on a service that does not answer; without --services it does not connect", async () => {
    const url = `redis://127.0.0.1:${await freePort()}/0`;
    const file = pipeline();
    const r = await shortlist(["validate", file, "--services"], { REDIS_URL: url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("stage sink.redis: sink.redis cannot reach Redis at 127.0.0.1:");
    expect((await shortlist(["validate", file], { REDIS_URL: url })).code).toBe(0);
  });
});
