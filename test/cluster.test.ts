/**
 * Issue #15's end-to-end check: ItemCF, Swing, i2i recommendations and SimpleX's batch top-K
 * through 3 `shortlist worker` processes give artifacts byte-identical to the single-process run
 * (the same content hashes in manifest.json), and leave nothing in the store or the queue.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPipeline } from "@shortlist/runner/host";
import { filesUnder, jobsLeft, outputHashes, startRedisServer, startWorkerProcess, type RedisServer, type WorkerProcess } from "@shortlist/runner/testing";

const PIPELINE = `name: cluster-e2e
seed: 7
backend: cpu
plugins: ["@shortlist/plugin-data", "@shortlist/plugin-itemcf", "@shortlist/plugin-swing", "@shortlist/plugin-i2i", "@shortlist/plugin-twotower"]
stages:
  - use: data.movielens
    with: { path: "synthetic:ml-100k" }
  - use: data.features
    with: { split: leave-last }
  - use: recall.itemcf
    with: { neighbours: 50 }
  - use: recall.swing
    with: { neighbours: 50, popularityExponent: 1.4 }
  - use: recall.i2i-recs
    id: recs.itemcf
    with: { i2i: i2i.itemcf }
  - use: recall.i2i-recs
    id: recs.swing
    with: { i2i: i2i.swing }
  - use: recall.simplex
    with: { epochs: 1, negatives: 10, batchSize: 4096, k: 20 }
`;

let redis: RedisServer;
let workers: WorkerProcess[] = [];
const quiet = { write: () => true };

beforeAll(async () => {
  redis = await startRedisServer();
  workers = [0, 1, 2].map(() => startWorkerProcess(redis.url, [], { SHORTLIST_THREADS: "1" }));
  await Promise.all(workers.map((w) => w.ready));
});
afterAll(async () => {
  for (const w of workers) w.proc.kill("SIGTERM");
  await Promise.all(workers.map((w) => w.proc.exited));
  await redis.stop();
});

test("ItemCF, Swing, i2i recs and SimpleX's top-K through 3 worker processes: byte-identical artifacts", async () => {
  const dir = mkdtempSync(join(tmpdir(), "shortlist-cluster-e2e-"));
  const file = join(dir, "pipeline.yaml");
  writeFileSync(file, PIPELINE);
  const store = join(dir, "store");
  const one = await runPipeline({ file, out: join(dir, "one"), stderr: quiet, stdout: quiet });
  const many = await runPipeline({ file, out: join(dir, "many"), stderr: quiet, stdout: quiet, queue: redis.url, store, shards: 6 });
  // training.simplex records each epoch's wall-clock seconds: it differs between any two runs
  const timed = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([name]) => !name.startsWith("training.")));
  const hashes = timed(outputHashes(one.runDir));
  expect(Object.keys(hashes)).toEqual(expect.arrayContaining(["i2i.itemcf", "i2i.swing", "recs.itemcf", "recs.swing", "recs.simplex", "emb.simplex.item"]));
  expect(timed(outputHashes(many.runDir))).toEqual(hashes);
  const calls = JSON.parse(readFileSync(join(many.runDir, "cluster.json"), "utf8")).calls as { stage: string; task: string; workers: number }[];
  expect(calls.map((c) => `${c.stage}:${c.task}`)).toEqual(["recall.itemcf:cooccurrence", "recall.swing:swing", "recs.itemcf:recommend", "recs.swing:recommend", "recall.simplex:rank"]);
  expect(Math.max(...calls.map((c) => c.workers))).toBeGreaterThan(1); // the work really spread
  expect(filesUnder(store)).toEqual([]);
  expect(await jobsLeft(redis.url)).toBe(0);
}, 180_000);
