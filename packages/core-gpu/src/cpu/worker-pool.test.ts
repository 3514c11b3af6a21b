import { expect, test } from "bun:test";
import { createRng, randomCsr } from "../testing/random.ts";
import { withoutUnhandledRejections } from "../webgpu/test-support.ts";
import { buildJob, cpuCooccurrenceTopN } from "./cooccurrence.ts";
import type { CoocWorkerJob } from "./cooccurrence-worker.ts";
import { sharedArray } from "./shared.ts";
import { WorkerPool } from "./worker-pool.ts";

const entry = new URL("./cooccurrence-worker.ts", import.meta.url);

test("a failing job rejects with the worker's message, and the pool stays usable", async () => {
  const pool = new WorkerPool(entry, 2);
  await expect(pool.run({ job: null, next: new Int32Array(1), blockItems: 1 }, () => {})).rejects.toThrow(/core-gpu cpu worker/);
  // An empty job (no items) completes on every worker without progress.
  let progress = 0;
  const job = { nItems: 0, topN: 1, minCount: 1, transform: 0, shrink: 0, indptr: new Int32Array(1), indices: new Int32Array(0), colptr: new Int32Array(1), colUsers: new Int32Array(0), outIds: new Int32Array(0), outScores: new Float32Array(0) };
  await pool.run({ job, next: new Int32Array(new SharedArrayBuffer(4)), blockItems: 4 }, () => progress++);
  expect(progress).toBe(0);
  pool.dispose();
});

test("an already aborted signal rejects with its reason before any worker gets the job", async () => {
  const pool = new WorkerPool(entry, 2);
  const x = randomCsr(createRng(21), { rows: 40, cols: 30, density: 5 });
  const msg: CoocWorkerJob = { job: buildJob(x, { topN: 3 }, true), next: sharedArray(Int32Array, 1), blockItems: 4 };
  const c = new AbortController();
  c.abort(new Error("cancelled early"));
  let progress = 0;
  await expect(pool.run(msg, () => progress++, c.signal)).rejects.toThrow("cancelled early");
  expect(progress).toBe(0);
  expect(msg.next[0]).toBe(0); // no worker claimed a block
  pool.dispose();
});

test("aborting a run terminates the workers at once, and the next run starts fresh ones", async () => {
  await withoutUnhandledRejections(async () => {
    const pool = new WorkerPool(entry, 2);
    // One block of every item: a worker would only stop after the whole catalogue (~0.5 s).
    const big = randomCsr(createRng(22), { rows: 2500, cols: 1000, density: 300 });
    const msg: CoocWorkerJob = { job: buildJob(big, { topN: 5 }, true), next: sharedArray(Int32Array, 1), blockItems: big.cols };
    const c = new AbortController();
    const run = pool.run(msg, () => {}, c.signal);
    // Abort once a worker has claimed the block (and is deep in it).
    while (Atomics.load(msg.next, 0) === 0) await Bun.sleep(1);
    c.abort(new Error("stop now"));
    await expect(run).rejects.toThrow("stop now");
    // Terminated, and exited before run() rejected: the shared output no longer changes.
    const frozen = Int32Array.from(msg.job.outIds);
    await Bun.sleep(100);
    expect(Int32Array.from(msg.job.outIds)).toEqual(frozen);
    expect(frozen.includes(0) || frozen.includes(-1)).toBe(true); // stopped part-way (outputs start zeroed)

    // The same pool computes a fresh input correctly (against the main-thread kernel).
    const x = randomCsr(createRng(23), { rows: 120, cols: 90, density: 10, skew: true });
    const viaPool = await cpuCooccurrenceTopN(pool, x, { topN: 4, blockItems: 7 }, { workerMinPairs: 0 });
    const onMain = await cpuCooccurrenceTopN(undefined, x, { topN: 4 });
    expect(Array.from(viaPool.ids)).toEqual(Array.from(onMain.ids));
    expect(Array.from(viaPool.scores)).toEqual(Array.from(onMain.scores));
    pool.dispose();
  });
});

test("a run that ends normally leaves no abort listener behind", async () => {
  const pool = new WorkerPool(entry, 2);
  const x = randomCsr(createRng(24), { rows: 60, cols: 40, density: 6 });
  const c = new AbortController();
  const first = await cpuCooccurrenceTopN(pool, x, { topN: 3, signal: c.signal }, { workerMinPairs: 0 });
  // A listener left on the signal would terminate the idle workers now.
  c.abort(new Error("after the run"));
  expect((pool as unknown as { workers: Worker[] }).workers.length).toBe(2);
  const again = await cpuCooccurrenceTopN(pool, x, { topN: 3 }, { workerMinPairs: 0 });
  expect(Array.from(again.ids)).toEqual(Array.from(first.ids));
  pool.dispose();
});
