import { afterAll, expect, test } from "bun:test";
import { referenceCooccurrenceTopN } from "../reference/cooccurrence.ts";
import { createRng, randomCsr } from "../testing/random.ts";
import { cpuCooccurrenceTopN } from "./cooccurrence.ts";
import { WorkerPool } from "./worker-pool.ts";

const pool = new WorkerPool(new URL("./cooccurrence-worker.ts", import.meta.url), 2);
afterAll(() => pool.dispose());

test("the worker path and the main-thread path give identical results, with progress to the end", async () => {
  const rng = createRng(11);
  const x = randomCsr(rng, { rows: 200, cols: 150, density: 12, skew: true, emptyRows: 0.1 });
  const o = { topN: 7, transform: { kind: "cosine" as const, rowStat: new Float32Array(150).fill(2), shrink: 1 } };
  const seen: number[] = [];
  const viaWorkers = await cpuCooccurrenceTopN(pool, x, { ...o, blockItems: 9, onProgress: (d) => seen.push(d) }, { workerMinPairs: 0 });
  const onMain = await cpuCooccurrenceTopN(undefined, x, o);
  expect([...viaWorkers.ids]).toEqual([...onMain.ids]);
  expect([...viaWorkers.scores]).toEqual([...onMain.scores]);
  expect(seen.at(-1)).toBe(150);
  expect(seen.length).toBe(Math.ceil(150 / 9));
  // Results are ordinary arrays, not views of the workers' shared memory.
  expect(viaWorkers.ids.buffer).toBeInstanceOf(ArrayBuffer);
  const want = referenceCooccurrenceTopN(x, o);
  expect([...onMain.ids]).toEqual([...want.ids]);
});

test("bad options are RangeErrors", async () => {
  const x = { rows: 1, cols: 2, indptr: new Int32Array([0, 2]), indices: new Int32Array([0, 1]) };
  await expect(cpuCooccurrenceTopN(undefined, x, { topN: 1, blockItems: 0 })).rejects.toThrow(RangeError);
  await expect(cpuCooccurrenceTopN(undefined, x, { topN: 1, rowWeights: new Float32Array(3) })).rejects.toThrow(RangeError);
  await expect(cpuCooccurrenceTopN(undefined, x, { topN: 1, transform: { kind: "jaccard", rowStat: new Float32Array(1) } })).rejects.toThrow(RangeError);
});
