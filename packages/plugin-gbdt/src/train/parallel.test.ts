import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import { arenaBytes, createArena } from "./arena.ts";
import { binData } from "./dataset.ts";
import { serialEngine } from "./engine.ts";
import { parallelEngine } from "./parallel.ts";
import { trainGbdt } from "./train.ts";
import { predictRaw } from "../predict.ts";

for (const wasm of [false, true]) {
  test(`worker histograms equal the serial TypeScript ones bit for bit, on all rows and on a subset (${wasm ? "WebAssembly" : "TypeScript"} kernels)`, () => {
    const r = new Rng(21);
    const n = 40_000, F = 7;
    const cols = Array.from({ length: F }, () => Float32Array.from({ length: n }, () => (r.float() < 0.05 ? NaN : r.normal())));
    const arena = wasm ? createArena(arenaBytes(n, F, 63, 1)) : null;
    if (wasm) expect(arena).not.toBeNull();
    const data = binData(cols, cols.map(() => false), 63, 0, arena ? arena.alloc : true);
    const par = parallelEngine(data, 2, 1, arena, 0); // minParallel 0: every build goes to the workers
    const ser = serialEngine(binData(cols, cols.map(() => false), 63, 0, false), 1);
    try {
      for (const e of [par, ser]) {
        for (let i = 0; i < n; i++) { e.buf.rows[i] = (i * 7919) % n; e.buf.og[i] = Math.sin(i); e.buf.oh[i] = 1 + Math.cos(i) ** 2; }
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
      // The root's form: rows 0..n-1, gradients read in place from g / h, and the totals added by the
      // last chunk's pass: the same histogram as from gathered copies, the totals a plain loop's.
      for (const e of [par, ser]) for (let i = 0; i < n; i++) { e.buf.rows[i] = i; e.buf.g[i] = Math.sin(3 * i); e.buf.h[i] = 1 + Math.cos(i) ** 2; e.buf.og[i] = e.buf.g[i]!; e.buf.oh[i] = e.buf.h[i]!; }
      let sg = 0, sh = 0;
      for (let i = 0; i < n; i++) { sg += ser.buf.g[i]!; sh += ser.buf.h[i]!; }
      const [a, b, c] = [par.acquire(), ser.acquire(), ser.acquire()];
      for (const x of [a, b, c]) x.fill(0);
      par.buf.sums.fill(NaN); ser.buf.sums.fill(NaN);
      par.build(features, 0, n, a, true, true);
      expect(Array.from(par.buf.sums)).toEqual([sg, sh]);
      ser.build(features, 0, n, b, true, true);
      expect(Array.from(ser.buf.sums)).toEqual([sg, sh]);
      ser.build(features, 0, n, c);
      expect(a).toEqual(b);
      expect(a).toEqual(c);
      par.release(a); ser.release(b); ser.release(c);
      // The workers did take part (not only the calling thread): repeat builds until one did, as a
      // loaded machine may not run a woken worker at once.
      const h = par.acquire();
      for (let i = 0; i < 200 && par.workerFeatures() === 0; i++) { h.fill(0); par.build(features, 0, n, h); }
      expect(par.workerFeatures()).toBeGreaterThan(0);
    } finally {
      par.close();
    }
  });
}

for (const wasm of [false, true]) {
  test(`worker row jobs (gradients, gather, partition, leaf marks, score update) equal the serial ones (${wasm ? "WebAssembly" : "TypeScript"} partition)`, () => {
    const r = new Rng(23);
    const n = 50_000, F = 3;
    const cols = Array.from({ length: F }, () => Float32Array.from({ length: n }, () => (r.float() < 0.1 ? NaN : r.int(40))));
    const label = Float32Array.from({ length: n }, () => (r.float() < 0.3 ? 1 : 0));
    const score = Float64Array.from({ length: n }, () => r.normal());
    const arena = wasm ? createArena(arenaBytes(n, F, 63, 4)) : null;
    const par = parallelEngine(binData(cols, cols.map(() => false), 63, 0, arena ? arena.alloc : true), 2, 4, arena, 0, 0, 777); // many uneven chunks
    const ser = serialEngine(binData(cols, cols.map(() => false), 63, 0, false), 4);
    try {
      for (const e of [par, ser]) {
        e.buf.label.set(label); e.buf.score.set(score);
        e.gradients(1, true); // binary, rows = identity
        // A random permutation of a middle range, then partitions of it on two features in turn.
        const { rows, goesLeft } = e.buf, pr = new Rng(5);
        for (let i = 40_000 - 1; i > 3_000; i--) { const j = 3_000 + pr.int(i - 3_000 + 1); [rows[i], rows[j]] = [rows[j]!, rows[i]!]; }
        goesLeft.fill(0); for (let b = 0; b < 64; b++) goesLeft[b] = b % 3 === 0 || b === 40 ? 1 : 0;
        const nl = e.partition(0, 3_000, 37_000, 3_000, 3_000 + 10_001);
        expect(nl).toBe(rows.subarray(3_000, 40_000).filter((x) => goesLeft[e.buf.bins[x]!] === 1).length);
        goesLeft.fill(0); for (let b = 0; b < 20; b++) goesLeft[b] = 1;
        e.partition(1, 3_000 + nl, 37_000 - nl, 0, 0);
        e.gather(5_000, 30_000);
        const begins = [0, 3_000, 3_000 + nl, 40_000];
        begins.forEach((b, k) => { e.buf.leafBegin[k] = b; e.buf.leafIndex[k] = 3 - k; e.buf.values[k] = 0.1 * (k + 1); });
        e.markLeaves(4, n);
        e.addScores(1, false);
      }
      for (const k of ["rows", "og", "oh", "g", "h", "score", "leafOf"] as const) expect(par.buf[k]).toEqual(ser.buf[k]);
      expect(Array.from(par.buf.rows).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    } finally {
      par.close();
    }
  });
}

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
