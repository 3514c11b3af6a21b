import { expect, test } from "bun:test";
import { createRng, randomCsr } from "../testing/random.ts";
import { createScratch } from "./cooccurrence-job.ts";
import { accumulateItem, coocRange } from "./cooccurrence-kernel.ts";
import { buildJob } from "./cooccurrence.ts";

test("tracked and untracked accumulation count the same pairs and leave clean scratch", () => {
  const rng = createRng(5);
  const x = randomCsr(rng, { rows: 40, cols: 30, density: 6, values: true });
  const job = buildJob(x, { topN: 3, rowWeights: new Float32Array(40).fill(0.5) }, false);
  const s = createScratch(30);
  for (let i = 0; i < 30; i++) {
    const nt = accumulateItem(job, s, i, true);
    const tracked = { count: s.count.slice(), acc: s.acc.slice(), touched: [...s.touched.subarray(0, nt)] };
    for (const j of tracked.touched) expect(tracked.count[j]).toBeGreaterThan(0);
    expect(tracked.count.reduce((a, c) => a + (c > 0 ? 1 : 0), 0)).toBe(nt);
    s.count.fill(0);
    s.acc.fill(0);
    expect(accumulateItem(job, s, i, false)).toBe(-1);
    expect([...s.count]).toEqual([...tracked.count]);
    expect([...s.acc]).toEqual([...tracked.acc]);
    s.count.fill(0);
    s.acc.fill(0);
  }
  coocRange(job, s, 0, 30);
  expect(s.count.every((c) => c === 0)).toBe(true);
  expect(s.acc.every((c) => c === 0)).toBe(true);
});

test("hand-computed neighbours with minCount", () => {
  // users: {0,1,2}, {0,1}, {2,3}
  const x = { rows: 3, cols: 4, indptr: new Int32Array([0, 3, 5, 7]), indices: new Int32Array([0, 1, 2, 0, 1, 2, 3]) };
  const job = buildJob(x, { topN: 2, minCount: 2 }, false);
  coocRange(job, createScratch(4), 0, 4);
  expect([...job.outIds]).toEqual([1, -1, 0, -1, -1, -1, -1, -1]);
  expect([...job.outScores.subarray(0, 2)]).toEqual([2, -Infinity]);
});
