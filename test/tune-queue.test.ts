/**
 * `shortlist tune --queue … --store …`: the trials run as jobs on 2 `shortlist worker` processes and
 * the search's results (trials, choice, test figure, best.yaml) are those of the local search; a
 * failing trial is recorded and the search goes on.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { jobsLeft, startRedisServer, startWorkerProcess, type RedisServer, type WorkerProcess } from "@shortlist/runner/testing";
import { FIXTURES, shortlistExact, writePipeline } from "./cli-helpers.ts";
import { TOY_GRID, toyPipeline } from "./fixtures/toy-search.ts";

const PIPELINE = toyPipeline(TOY_GRID);

let redis: RedisServer;
let workers: WorkerProcess[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
  workers = [0, 1].map(() => startWorkerProcess(redis.url, [], { SHORTLIST_THREADS: "1" }));
  await Promise.all(workers.map((w) => w.ready));
});
afterAll(async () => {
  for (const w of workers) w.proc.kill("SIGTERM");
  await Promise.all(workers.map((w) => w.proc.exited));
  await redis.stop();
});

const json = (...p: string[]) => JSON.parse(readFileSync(join(...p), "utf8"));
/** Each trial's metrics (a failed one has none), and the search's summary. */
const results = (root: string) => ({ tune: json(root, "tune.json"), trials: [1, 2, 4].map((n) => json(root, "trials", String(n), "metrics.json").stages) });

test("trials as jobs on 2 worker processes: the same trials, choice and test figure as the local search", async () => {
  const local = writePipeline(PIPELINE);
  const queued = writePipeline(PIPELINE);
  const a = await shortlistExact(["tune", local, "--allow-plugin-path", FIXTURES], {}, dirname(local));
  const b = await shortlistExact(["tune", queued, "--allow-plugin-path", FIXTURES, "--queue", redis.url, "--store", join(dirname(queued), "store")], {}, dirname(queued));
  expect(a.code).toBe(0);
  expect(b.stderr).toBe("");
  expect(b.code).toBe(0);
  expect(b.stdout).toContain("trial(s) at once on the queue's workers");
  expect(b.stdout).toContain("toy.eval:score: 0.5000 on split.valid, 0.2500 on split.test");
  expect(results(join(dirname(queued), "runs", "toy"))).toEqual(results(join(dirname(local), "runs", "toy")));
  expect(b.stdout).toMatch(/3\s+failed\s+13 .*unlucky x = 13/); // a failing trial is recorded; the search went on
  expect(readFileSync(queued.replace(/\.yaml$/, ".best.yaml"), "utf8")).toBe(readFileSync(local.replace(/\.yaml$/, ".best.yaml"), "utf8"));
  // the workers ran them: each trial's log names a worker-side run, and the queue is empty
  expect(workers.map((w) => w.stderr()).join("")).not.toContain("failed:");
  expect(await jobsLeft(redis.url)).toBe(0);
}, 120_000);
