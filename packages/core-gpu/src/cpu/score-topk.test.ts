import { expect, test } from "bun:test";
import { referenceScoreTopK } from "../reference/topk.ts";
import { cpuScoreTopK } from "./score-topk.ts";
import { SessionCache } from "./sessions.ts";

test("tiny query and key blocks give the reference's top-K, exclusions included", async () => {
  const cache = new SessionCache(1);
  const [nq, nk, dim, k] = [9, 23, 4, 5];
  const q = Float32Array.from({ length: nq * dim }, (_, i) => Math.sin(i));
  const keys = Float32Array.from({ length: nk * dim }, (_, i) => Math.cos(i * 0.7));
  const exclude = { rows: nq, cols: nk, indptr: Int32Array.from({ length: nq + 1 }, (_, r) => Math.min(r, 5)), indices: new Int32Array([0, 7, 8, 15, 22]) };
  const want = referenceScoreTopK(q, nq, keys, nk, dim, k, exclude);
  for (const [blockBytes, maxBlockKeys] of [[4 * 2 * 5, 5], [4, 1], [1 << 20, 1 << 14]] as const) {
    const got = await cpuScoreTopK(cache, q, nq, keys, nk, dim, k, exclude, { blockBytes, maxBlockKeys }, { smallWork: 0, chunkBytes: 1 << 20 });
    expect([...got.ids]).toEqual([...want.ids]);
    for (let i = 0; i < want.scores.length; i++) expect(Math.abs(got.scores[i]! - want.scores[i]!)).toBeLessThan(1e-5);
  }
  await cache.dispose();
});

test("no keys: every slot is padding", async () => {
  const cache = new SessionCache(1);
  const got = await cpuScoreTopK(cache, new Float32Array(4), 2, new Float32Array(0), 0, 2, 2);
  expect([...got.ids]).toEqual([-1, -1, -1, -1]);
  await cache.dispose();
});

test("the native scan (threads, block seams, exclusions, ties, ±Infinity and NaN) equals the TypeScript scan and the reference", async () => {
  const { nativeTopKScan, topKScanUnavailable } = await import("./native/topk-scan.ts");
  const { Rng } = await import("../random/rng.ts");
  const { loadOpenBlas } = await import("./openblas.ts");
  if (!nativeTopKScan()) return console.warn(`skipped: native scan unavailable: ${topKScanUnavailable()}`);
  const cache = new SessionCache(2);
  const rng = new Rng(7);
  const [nq, nk, dim, k] = [300, 1000, 8, 7];
  // Small integers: exact dot products, so many equal scores and ties decided by the lower id.
  const q = Float32Array.from({ length: nq * dim }, () => rng.int(5) - 2);
  const keys = Float32Array.from({ length: nk * dim }, () => rng.int(5) - 2);
  keys[5 * dim] = NaN; // key 5 is NaN for every query: never selected
  keys[9 * dim + 1] = Infinity; // key 9: +Infinity, −Infinity or NaN by the sign of the query's coordinate
  const indptr = new Int32Array(nq + 1);
  const cols: number[] = [];
  for (let r = 0; r < nq; r++) {
    const row = [...new Set(Array.from({ length: rng.int(30) }, () => rng.int(nk)))].sort((a, b) => a - b);
    cols.push(...row);
    indptr[r + 1] = cols.length;
  }
  const exclude = { rows: nq, cols: nk, indptr, indices: Int32Array.from(cols) };
  const want = referenceScoreTopK(q, nq, keys, nk, dim, k, exclude);
  const blas = loadOpenBlas(2);
  for (const ex of [exclude, undefined]) {
    for (const [blockBytes, maxBlockKeys, threads] of [[4 * 64 * 100, 100, 2], [4 * nq * nk, nk, 2], [4 * 3 * 7, 7, 1], [4 * 37 * 1000, 1000, 3]] as const) {
      const tuning = { blockBytes, maxBlockKeys, threads };
      const native = await cpuScoreTopK(cache, q, nq, keys, nk, dim, k, ex, tuning, undefined, blas);
      const ts = await cpuScoreTopK(cache, q, nq, keys, nk, dim, k, ex, { ...tuning, native: false }, undefined, blas);
      expect([...native.ids]).toEqual([...ts.ids]);
      expect([...native.scores]).toEqual([...ts.scores]);
      if (ex) {
        expect([...native.ids]).toEqual([...want.ids]);
        expect([...native.scores]).toEqual([...want.scores]);
      }
    }
  }
  await cache.dispose();
});
