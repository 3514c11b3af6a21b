import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runPipeline } from "../run.ts";
import { Interrupted, StageError } from "../errors.ts";
import { startRedisServer, type RedisServer } from "../redis-server.ts";
import { startWorker, type RunningWorker } from "./worker.ts";
import { defaultShards } from "./check-queue.ts";
import { parseQueueUrl } from "./connection.ts";
import { filesUnder, jobsLeft, outputHashes, squaresPipeline, SQUARES_PLUGIN } from "./testing/cluster-fixture.ts";

let redis: RedisServer;
let workers: RunningWorker[] = [];
const quiet = { write: () => true };

beforeAll(async () => {
  redis = await startRedisServer();
  workers = await Promise.all([0, 1].map(() => startWorker({ queue: redis.url, lockMs: 5000, log: () => {} })));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close(true)));
  await redis.stop();
});

const newStore = () => mkdtempSync(join(tmpdir(), "shortlist-store-"));
const run = (file: string, dir: string, extra: object = {}) =>
  runPipeline({ file, out: join(dir, `run-${Math.random().toString(36).slice(2)}`), stderr: quiet, stdout: quiet, allowPluginPaths: [dirname(SQUARES_PLUGIN)], ...extra });

test("a sharded stage gives the single-process artifact byte for byte, and leaves nothing in the store or the queue", async () => {
  const { file, dir } = squaresPipeline({ n: 10_007, slowMs: 20 });
  const store = newStore();
  const one = await run(file, dir);
  let log = "";
  const many = await run(file, dir, { queue: redis.url, store, shards: 5, stderr: { write: (s: string) => ((log += s), true) } });
  expect(outputHashes(many.runDir)).toEqual(outputHashes(one.runDir));
  // progress aggregates the shards (done of total, each worker's rate); the cost line follows
  expect(log).toMatch(/\d\/5 shards; \S+ [\d,]+\/s/);
  expect(log).toMatch(/squares-0: 5 shards on [12] worker\(s\) in [\d.]+ s \(busiest worker computing [\d.]+ s; overhead [\d.]+ s = [\d.]+%\); store: [\d.]+ MB written/);
  const calls = JSON.parse(readFileSync(join(many.runDir, "cluster.json"), "utf8")).calls;
  expect(calls).toHaveLength(1);
  expect(calls[0]).toMatchObject({ stage: "squares-0", task: "square", shards: 5 });
  expect(calls[0].bytesWritten).toBeGreaterThan(10_007 * 8 * 2); // the input and the parts went through the store
  expect(filesUnder(store)).toEqual([]);
  expect(await jobsLeft(redis.url)).toBe(0);
});

test("an internal error in a shard is retried and the run finishes with the same bytes", async () => {
  const { file, dir } = squaresPipeline({ n: 3000, failOnceAt: 2500 });
  const one = await run(file, dir);
  const many = await run(file, dir, { queue: redis.url, store: newStore(), shards: 3 });
  expect(outputHashes(many.runDir)).toEqual(outputHashes(one.runDir));
  expect(await jobsLeft(redis.url)).toBe(0);
});

test("a user error in a shard is not retried: the run fails with it as a user error, writes nothing, leaves the queue clean", async () => {
  const { file, dir } = squaresPipeline({ n: 3000, userErrorAt: 1234 });
  const store = newStore();
  const out = join(dir, "failed");
  const err = await runPipeline({ file, out, stderr: quiet, stdout: quiet, allowPluginPaths: [dirname(SQUARES_PLUGIN)], queue: redis.url, store, shards: 3 }).catch((e) => e);
  expect(err).toBeInstanceOf(StageError);
  expect((err as StageError).isUserError).toBe(true);
  expect(err.message).toContain("value 1234 is not allowed");
  expect(err.message).toMatch(/shard 2 of 3 \(values 1000–1999\) failed after 1 attempt/);
  expect(existsSync(join(out, "artifacts")) ? filesUnder(join(out, "artifacts")) : []).toEqual([]);
  expect(filesUnder(store)).toEqual([]);
  expect(await jobsLeft(redis.url)).toBe(0);
});

test("a shard that fails for good cancels the call's other running shards", async () => {
  const outcomes = mkdtempSync(join(tmpdir(), "shortlist-outcomes-"));
  const { file, dir } = squaresPipeline({ n: 2000, slowMs: 200, userErrorAt: 1500, outcomes }); // shard 0 needs ~2 s; shard 1 fails at once
  const err = await run(file, dir, { queue: redis.url, store: newStore(), shards: 2 }).catch((e) => e);
  expect(err.message).toContain("value 1500 is not allowed");
  expect(readdirSync(outcomes).sort()).toEqual(["0.aborted", "0.started"]); // shard 0 was aborted, not waited for
  expect(await jobsLeft(redis.url)).toBe(0);
});

test("two coordinators on one queue at once each get their own results", async () => {
  const a = squaresPipeline({ n: 5000, slowMs: 2 }, 1);
  const b = squaresPipeline({ n: 5000, slowMs: 2 }, 2);
  const [oneA, oneB] = [await run(a.file, a.dir), await run(b.file, b.dir)];
  const store = newStore();
  const [manyA, manyB] = await Promise.all([run(a.file, a.dir, { queue: redis.url, store, shards: 4 }), run(b.file, b.dir, { queue: redis.url, store, shards: 4 })]);
  expect(outputHashes(manyA.runDir)).toEqual(outputHashes(oneA.runDir));
  expect(outputHashes(manyB.runDir)).toEqual(outputHashes(oneB.runDir));
  expect(outputHashes(oneA.runDir)).not.toEqual(outputHashes(oneB.runDir));
  expect(await jobsLeft(redis.url)).toBe(0);
});

test("interrupting the coordinator cancels its outstanding jobs and leaves the queue and the store clean", async () => {
  const outcomes = mkdtempSync(join(tmpdir(), "shortlist-outcomes-"));
  const { file, dir } = squaresPipeline({ n: 4000, slowMs: 20, outcomes }); // ~0.8 s a shard, 8 shards on 2 workers
  const store = newStore();
  const stop = new AbortController();
  const running = run(file, dir, { queue: redis.url, store, shards: 8, signal: stop.signal, interruptGraceMs: 5000 }).catch((e) => e);
  while (!readdirSync(outcomes).some((f) => f.endsWith(".started"))) await Bun.sleep(20); // Ctrl-C once shards run
  stop.abort(new Interrupted("SIGINT"));
  const err = await running;
  expect(err).toBeInstanceOf(Interrupted);
  // the shards running at Ctrl-C were aborted, not waited for; the waiting ones never started
  const ended = readdirSync(outcomes);
  expect(ended.filter((f) => f.endsWith(".aborted")).length).toBeGreaterThan(0);
  expect(ended.filter((f) => f.endsWith(".done")).length).toBeLessThan(8);
  expect(filesUnder(store)).toEqual([]);
  expect(await jobsLeft(redis.url)).toBe(0);
});

test("without --shards a call is split in two ranges per connected worker", async () => {
  expect(await defaultShards(parseQueueUrl(redis.url))).toEqual({ shards: 4, workers: 2 });
  const { file, dir } = squaresPipeline({ n: 1000 });
  const r = await run(file, dir, { queue: redis.url, store: newStore() });
  expect(JSON.parse(readFileSync(join(r.runDir, "cluster.json"), "utf8")).calls[0].shards).toBe(4);
});

