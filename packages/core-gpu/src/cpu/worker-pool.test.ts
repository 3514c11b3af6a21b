import { expect, test } from "bun:test";
import { WorkerPool } from "./worker-pool.ts";

test("a failing job rejects with the worker's message, and the pool stays usable", async () => {
  const pool = new WorkerPool(new URL("./cooccurrence-worker.ts", import.meta.url), 2);
  await expect(pool.run({ job: null, next: new Int32Array(1), blockItems: 1 }, () => {})).rejects.toThrow(/core-gpu cpu worker/);
  // An empty job (no items) completes on every worker without progress.
  let progress = 0;
  const job = { nItems: 0, topN: 1, minCount: 1, transform: 0, shrink: 0, indptr: new Int32Array(1), indices: new Int32Array(0), colptr: new Int32Array(1), colUsers: new Int32Array(0), outIds: new Int32Array(0), outScores: new Float32Array(0) };
  await pool.run({ job, next: new Int32Array(new SharedArrayBuffer(4)), blockItems: 4 }, () => progress++);
  expect(progress).toBe(0);
  pool.dispose();
});
