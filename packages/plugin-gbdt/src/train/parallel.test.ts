import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import { binData } from "./dataset.ts";
import { serialEngine } from "./engine.ts";
import { parallelEngine } from "./parallel.ts";
import { trainGbdt } from "./train.ts";
import { predictRaw } from "../predict.ts";

test("worker histograms equal the serial ones bit for bit, on all rows and on a subset", () => {
  const r = new Rng(21);
  const n = 40_000, F = 7;
  const cols = Array.from({ length: F }, () => Float32Array.from({ length: n }, () => (r.float() < 0.05 ? NaN : r.normal())));
  const data = binData(cols, cols.map(() => false), 63, 0, true);
  const par = parallelEngine(data, 2, 3, 0); // minParallel 0: every build goes to the workers
  const ser = serialEngine(binData(cols, cols.map(() => false), 63, 0, false));
  try {
    for (const e of [par, ser]) {
      for (let i = 0; i < n; i++) { e.rows[i] = (i * 7919) % n; e.og[i] = Math.sin(i); e.oh[i] = 1 + Math.cos(i) ** 2; }
    }
    const features = [0, 1, 2, 3, 4, 5, 6];
    for (const [begin, count] of [[0, n], [5_000, 30_000]] as const) {
      const a = par.acquire(), b = ser.acquire();
      a.fill(0); b.fill(0);
      par.build(features, begin, count, a);
      ser.build(features, begin, count, b);
      expect(a).toEqual(b);
      let rows = 0;
      for (let s = 2; s < (data.mappers[0]!.numBins + 1) * 3; s += 3) rows += a[s]!;
      expect(rows).toBe(count);
      par.release(a); ser.release(b);
    }
    // The workers did take part (not only the calling thread): repeat builds until one did, as a
    // loaded machine may not run a woken worker at once.
    const h = par.acquire();
    for (let i = 0; i < 200 && par.workerFeatures() === 0; i++) { h.fill(0); par.build(features, 0, n, h); }
    expect(par.workerFeatures()).toBeGreaterThan(0);
  } finally {
    par.close();
  }
});

test("training with workers gives the same model as without", () => {
  const r = new Rng(22);
  const n = 40_000, F = 8;
  const cols = Array.from({ length: F }, () => Float32Array.from({ length: n }, () => r.float()));
  const label = Float32Array.from({ length: n }, (_, i) => (cols[0]![i]! + cols[1]![i]! * cols[2]![i]! + 0.3 * r.normal() > 0.8 ? 1 : 0));
  const data = { features: cols, featureNames: cols.map((_, f) => `x${f}`), label };
  const o = { numRounds: 3, numLeaves: 15 };
  const one = trainGbdt(data, undefined, { ...o, threads: 1 });
  // Below the size where workers pay off: force them on for this test.
  process.env.SHORTLIST_GBDT_WORKERS = "1";
  let two;
  try {
    two = trainGbdt(data, undefined, { ...o, threads: 2 });
  } finally {
    delete process.env.SHORTLIST_GBDT_WORKERS;
  }
  expect(predictRaw(two, cols)).toEqual(predictRaw(one, cols));
});
