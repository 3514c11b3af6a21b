/** The cluster with real `shortlist worker` processes: a worker killed mid-job, SIGTERM, Redis restarted. */
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runPipeline } from "../run.ts";
import { startRedisServer, type RedisServer } from "../redis-server.ts";
import { filesUnder, jobsLeft, outputHashes, squaresPipeline, SQUARES_PLUGIN } from "./testing/cluster-fixture.ts";
import { startWorkerProcess, type WorkerProcess } from "./testing/worker-processes.ts";

let redis: RedisServer;
let procs: WorkerProcess[] = [];
const quiet = { write: () => true };

beforeAll(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  for (const w of procs) w.proc.kill(9);
  await Promise.all(procs.map((w) => w.proc.exited));
  procs = [];
});
afterAll(() => redis.stop());

const workers = async (n: number) => {
  const started = Array.from({ length: n }, () => startWorkerProcess(redis.url, ["--lock-ms", "2000"]));
  procs.push(...started);
  await Promise.all(started.map((w) => w.ready));
  return started;
};
const run = (file: string, dir: string, extra: object = {}) =>
  runPipeline({ file, out: join(dir, `run-${Math.random().toString(36).slice(2)}`), stderr: quiet, stdout: quiet, allowPluginPaths: [dirname(SQUARES_PLUGIN)], ...extra });

test("a worker killed with kill -9 mid-job: its job runs again elsewhere, the result is identical, nothing is left over", async () => {
  const { file, dir } = squaresPipeline({ n: 6000, slowMs: 25 }); // 6 shards of ~1.5 s
  const store = mkdtempSync(join(tmpdir(), "shortlist-store-"));
  const one = await run(file, dir);
  const [victim] = await workers(3);
  const many = run(file, dir, { queue: redis.url, store, shards: 6 });
  await Bun.sleep(700);
  victim!.proc.kill(9);
  const done = await many;
  expect(outputHashes(done.runDir)).toEqual(outputHashes(one.runDir));
  expect(filesUnder(store)).toEqual([]);
  expect(await jobsLeft(redis.url)).toBe(0);
}, 60_000);

test("a job that stalls (its worker silent past the lock) runs again elsewhere and completes twice: harmless, same bytes", async () => {
  const marker = join(mkdtempSync(join(tmpdir(), "shortlist-marker-")), "blocked");
  const { file, dir } = squaresPipeline({ n: 3000, blockMs: 4000, blockMarker: marker });
  const store = mkdtempSync(join(tmpdir(), "shortlist-store-"));
  const one = await run(file, dir);
  const started = Array.from({ length: 2 }, () => startWorkerProcess(redis.url, ["--lock-ms", "1000"]));
  procs.push(...started);
  await Promise.all(started.map((w) => w.ready));
  const many = await run(file, dir, { queue: redis.url, store, shards: 3 });
  expect(outputHashes(many.runDir)).toEqual(outputHashes(one.runDir));
  expect(filesUnder(store)).toEqual([]);
  await Bun.sleep(4500); // the first taker's late completion comes after the run ended and is refused
  expect(started.map((w) => w.stderr()).join("")).toMatch(/had been handed to another worker \(its lock expired\); this late result is dropped/);
  expect(await jobsLeft(redis.url)).toBe(0);
}, 60_000);

test("SIGTERM lets a worker finish its running job and exit 0", async () => {
  const { file, dir } = squaresPipeline({ n: 2000, slowMs: 40 }); // 2 shards of ~0.8 s
  const one = await run(file, dir);
  const [w] = await workers(1);
  const many = run(file, dir, { queue: redis.url, store: mkdtempSync(join(tmpdir(), "shortlist-store-")), shards: 2 });
  await Bun.sleep(400);
  w!.proc.kill("SIGTERM");
  expect(await w!.proc.exited).toBe(0);
  expect(w!.stderr()).toContain("finishing the running job");
  await workers(1); // the second shard is still waiting: a new worker takes it
  expect(outputHashes((await many).runDir)).toEqual(outputHashes(one.runDir));
  expect(await jobsLeft(redis.url)).toBe(0);
}, 60_000);

test("Redis restarted without persistence mid-run: the run fails naming it; the next run resumes after the finished stages", async () => {
  const { file, dir } = squaresPipeline([{ n: 500 }, { n: 8000, slowMs: 50, output: "later" }]);
  const one = await run(file, dir);
  await workers(2);
  const out = join(dir, "resumed");
  const store = mkdtempSync(join(tmpdir(), "shortlist-store-"));
  const first = runPipeline({ file, out, stderr: quiet, stdout: quiet, allowPluginPaths: [dirname(SQUARES_PLUGIN)], queue: redis.url, store, shards: 4 }).catch((e) => e);
  await Bun.sleep(1000); // squares-0 done, squares-1 (4 shards of ~1 s) running
  await redis.kill();
  await redis.restart();
  const err = await first;
  expect(err).toBeInstanceOf(Error);
  expect(err.message).toContain("no longer has this run's jobs (was Redis restarted without persistence");
  const lines: string[] = [];
  const again = await runPipeline({ file, out, stderr: { write: (s: string) => (lines.push(s), true) }, stdout: quiet, allowPluginPaths: [dirname(SQUARES_PLUGIN)], queue: redis.url, store, shards: 4 });
  expect(again.stages.map((s) => s.status)).toEqual(["cached", "done"]);
  expect(outputHashes(again.runDir)).toEqual(outputHashes(one.runDir));
  expect(filesUnder(store)).toEqual([]);
  expect(await jobsLeft(redis.url)).toBe(0);
}, 90_000);

test("Redis restarted with its queue persisted (AOF) mid-run: the coordinator and workers reconnect and the run finishes, identical", async () => {
  const aof = await startRedisServer(["--appendonly", "yes", "--appendfsync", "always"]);
  try {
    const { file, dir } = squaresPipeline({ n: 8000, slowMs: 50 }); // 8 shards of ~0.5 s on 2 workers
    const one = await run(file, dir);
    const started = Array.from({ length: 2 }, () => startWorkerProcess(aof.url, ["--lock-ms", "3000"]));
    procs.push(...started);
    await Promise.all(started.map((w) => w.ready));
    const store = mkdtempSync(join(tmpdir(), "shortlist-store-"));
    const many = run(file, dir, { queue: aof.url, store, shards: 8 });
    await Bun.sleep(1000);
    await aof.kill();
    await aof.restart(); // same port, same dir: the append-only file brings the jobs back
    const done = await many;
    expect(outputHashes(done.runDir)).toEqual(outputHashes(one.runDir));
    expect(filesUnder(store)).toEqual([]);
    expect(await jobsLeft(aof.url)).toBe(0);
  } finally {
    await aof.stop();
  }
}, 90_000);

