/**
 * sink.redis through the run's workers (`ctx.cluster`): the keys are written by "redis-write" jobs
 * by key range, and Redis ends exactly as after the single-process sink — every key, value, TTL,
 * the pointer, seq and versions, the receipt and verifyPublished — for JSON lists, i2i lists and a
 * feature table with strings and lists, in both publish modes. A real queue server, a real
 * password-protected target server, 2 in-process workers (startWorker); 2 worker processes once.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Redis from "ioredis";
import type { RunResult } from "@shortlist/runner/host";
import { filesUnder, startRedisServer, startWorker, startWorkerProcess, type RedisServer, type RunningWorker } from "@shortlist/runner/testing";
import { ARTIFACTS, dumpPrefix, runSinkPipeline, sinkPipeline } from "../testing/sharded-publish.ts";
import { redisOptions } from "./redis-options.ts";
import { verifyRedisPublished } from "./verify-published.ts";

setDefaultTimeout(120_000);
const PASSWORD = "pw-7f3a9c-never-in-jobs";
let queue: RedisServer, target: RedisServer, url: string, client: Redis;
let workers: RunningWorker[] = [];

beforeAll(async () => {
  [queue, target] = await Promise.all([startRedisServer(), startRedisServer(["--requirepass", PASSWORD])]);
  url = `redis://:${PASSWORD}@127.0.0.1:${target.port}`;
  client = new Redis(url);
  workers = await Promise.all([0, 1].map(() => startWorker({ queue: queue.url, lockMs: 5000, log: () => {} })));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close(true)));
  client.disconnect();
  await Promise.all([queue.stop(), target.stop()]);
});

const receipt = (r: RunResult) => JSON.parse(readFileSync(join(r.runDir, "manifest.json"), "utf8")).stages["sink.redis"].published as { prefix: string };
const sinkCalls = (r: RunResult) => JSON.parse(readFileSync(join(r.runDir, "cluster.json"), "utf8")).calls as { task: string; shards: number; workers: number }[];

for (const [mode, extra] of [["pointer", {}], ["rename", { ttlSeconds: 3600 }]] as const) {
  test(`publish: ${mode}: two publications through 2 workers leave Redis as the single-process sink does`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "sharded-sink-"));
    const base = { url, artifacts: ARTIFACTS, publish: mode, batchSize: 40, retireDelayMs: 0, ...extra };
    let one: RunResult | undefined, many: RunResult | undefined;
    // the second publication has fewer users: pointer retires v1, rename leaves the absent users' keys
    for (const [seed, users] of [[11, 500], [12, 420]] as const) {
      one = await runSinkPipeline(sinkPipeline(dir, seed, users, { ...base, prefix: `one-${mode}:` }));
      many = await runSinkPipeline(sinkPipeline(dir, seed, users, { ...base, prefix: `many-${mode}:` }), { queue: queue.url, shards: 4 });
      expect(sinkCalls(many)).toMatchObject([{ task: "redis-write", shards: 4 }]);
    }
    const reference = await dumpPrefix(client, `one-${mode}:`);
    // pointer: the second publication's 420 users' lists and features, 90 items' neighbours, seq,
    // versions, current; rename: also the first one's keys of ids absent from the second, and seq
    if (mode === "pointer") expect(Object.keys(reference).length).toBe(420 + 90 + 420 + 3);
    else expect(Object.keys(reference).length).toBeGreaterThan(500 + 90 + 500);
    expect(await dumpPrefix(client, `many-${mode}:`)).toEqual(reference);
    expect(many!.metrics["sink.redis"]!.keys).toBe(one!.metrics["sink.redis"]!.keys!);
    expect(many!.metrics["sink.redis"]!.rows).toBe(one!.metrics["sink.redis"]!.rows!);
    expect({ ...receipt(many!), prefix: "" }).toEqual({ ...receipt(one!), prefix: "" });
    const verify = async (r: RunResult) => verifyRedisPublished(undefined as never, redisOptions.parse({ ...base, prefix: receipt(r).prefix }), receipt(r));
    expect(await verify(many!)).toEqual(await verify(one!));
    if (mode === "pointer") expect(await verify(many!)).toBe(true);
  });
}

test("no job data in the queue holds the target's password (it travels in the store's input frame), and the store ends empty", async () => {
  const monitor = await new Redis(queue.url).monitor();
  const commands: string[] = [];
  monitor.on("monitor", (_time: string, args: string[]) => void commands.push(args.join(" ")));
  const dir = mkdtempSync(join(tmpdir(), "sharded-sink-"));
  const store = join(dir, "store");
  try {
    await runSinkPipeline(sinkPipeline(dir, 3, 200, { url, artifacts: ARTIFACTS, prefix: "pw:", batchSize: 50 }), { queue: queue.url, store });
  } finally {
    monitor.disconnect();
  }
  expect(commands.some((c) => c.includes("redis-write"))).toBe(true); // the monitor saw the jobs
  expect(commands.filter((c) => c.includes(PASSWORD))).toEqual([]);

  expect(filesUnder(store)).toEqual([]);
});

test("a publication of one batch or less is written by the coordinator itself: no job, the same keys", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sharded-sink-"));
  const many = await runSinkPipeline(sinkPipeline(dir, 4, 30, { url, artifacts: ARTIFACTS, prefix: "small:", batchSize: 200 }), { queue: queue.url });
  expect(existsSync(join(many.runDir, "cluster.json"))).toBe(false); // the runner writes it when a stage sent jobs
  expect(Object.keys(await dumpPrefix(client, "small:")).length).toBe(30 + 90 + 30 + 3);
});

test("through 2 `shortlist worker` processes: the same end state as the single-process sink", async () => {
  const procs = [0, 1].map(() => startWorkerProcess(`${queue.url}?name=sink-procs`, [], { SHORTLIST_THREADS: "1" }));
  try {
    await Promise.all(procs.map((p) => p.ready));
    const dir = mkdtempSync(join(tmpdir(), "sharded-sink-"));
    const base = { url, artifacts: ARTIFACTS, batchSize: 30, retireDelayMs: 0 };
    await runSinkPipeline(sinkPipeline(dir, 21, 300, { ...base, prefix: "p-one:" }));
    const many = await runSinkPipeline(sinkPipeline(dir, 21, 300, { ...base, prefix: "p-many:" }), { queue: `${queue.url}?name=sink-procs`, shards: 5 });
    expect(sinkCalls(many)).toMatchObject([{ task: "redis-write", shards: 5, workers: 2 }]); // both processes took ranges
    const reference = await dumpPrefix(client, "p-one:");
    expect(Object.keys(reference).length).toBe(300 + 90 + 300 + 3);
    expect(await dumpPrefix(client, "p-many:")).toEqual(reference);
  } finally {
    for (const p of procs) p.proc.kill("SIGTERM");
    await Promise.all(procs.map((p) => p.proc.exited));
  }
});
