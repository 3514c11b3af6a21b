import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRedisServer, type RedisServer } from "@shortlist/runner/testing";
import { pipelineFile, prepareData, runCase } from "./scale-case.ts";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

test("a case through 2 worker processes gives the single-process hashes and records the call, its Redis commands and the workers' memory", async () => {
  const dir = mkdtempSync(join(tmpdir(), "scale-case-"));
  const file = pipelineFile(dir, "tiny");
  const runDir = join(dir, "run");
  await prepareData(file, runDir);
  const store = join(dir, "store");
  const many = await runCase({ file, runDir, stage: "recall.itemcf", workers: 2, threads: 1, queue: redis.url, store });
  expect(existsSync(join(runDir, "cluster.json"))).toBe(true);
  const one = await runCase({ file, runDir, stage: "recall.itemcf", workers: 0 });
  expect(one.call).toBeUndefined(); // the cluster run's cluster.json was not read as this run's
  expect(Object.keys(one.hashes)).toEqual(["i2i.itemcf"]);
  expect(many.hashes).toEqual(one.hashes);
  expect(many.call).toMatchObject({ stage: "recall.itemcf", task: "cooccurrence", shards: 4 }); // two per connected worker
  expect([1, 2]).toContain(many.call!.workers); // tiny shards: one worker may take them all
  // Each worker that took a shard read the input once: a second one reads more than was written.
  if (many.call!.workers === 2) expect(many.call!.bytesRead).toBeGreaterThan(many.call!.bytesWritten);
  else expect(many.call!.bytesRead).toBe(many.call!.bytesWritten);
  expect(Object.values(many.redisCommands!).reduce((a, b) => a + b, 0)).toBeGreaterThan(8 * 10);
  expect(many.workerPeakMB).toHaveLength(2);
  expect(many.workerPeakMB!.every((mb) => mb > 10)).toBe(true);
}, 120_000);
