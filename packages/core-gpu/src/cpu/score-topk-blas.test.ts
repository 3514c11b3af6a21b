import { expect, test } from "bun:test";
import type { Csr, TopK } from "../types.ts";
import { referenceScoreTopK } from "../reference/topk.ts";
import { topKMismatch } from "../testing/compare.ts";
import { createRng, randomCsr, suiteSeed, type Rng } from "../testing/random.ts";
import { dotTruth } from "../testing/truth.ts";
import { blasTopK, blasTopKUnavailable } from "./native/blas-topk.ts";
import { loadOpenBlas } from "./openblas.ts";
import { cpuScoreTopK, type ScoreTopKTuning } from "./score-topk.ts";
import { SessionCache } from "./sessions.ts";

const seed = suiteSeed();
const blas = loadOpenBlas(2);
const skip = !blas ? "OpenBLAS not loaded" : !blasTopK() ? `native path unavailable: ${blasTopKUnavailable()}` : undefined;

/** Integers in [-2, 2]: every dot product is exact in f32, so scores tie often and must match bit for bit. */
const ints = (rng: Rng, n: number) => Float32Array.from({ length: n }, () => rng.int(5) - 2);

/** `x` plus one more row that excludes every key (its slots are all padding). */
function withFullLastRow(x: Csr, nk: number): Csr {
  const indptr = Int32Array.from([...x.indptr, x.indices.length + nk]);
  const indices = Int32Array.from([...x.indices, ...Array.from({ length: nk }, (_, c) => c)]);
  return { rows: x.rows + 1, cols: nk, indptr, indices };
}

function expectSame(got: TopK, want: TopK, what: string): void {
  const at = got.ids.findIndex((id, i) => id !== want.ids[i] || !Object.is(got.scores[i], want.scores[i]));
  if (at >= 0) throw new Error(`${what}: slot ${at} has ${got.ids[at]}:${got.scores[at]}, expected ${want.ids[at]}:${want.scores[at]} (seed ${seed})`);
}

test("the OpenBLAS path equals the reference bit for bit: ties, exclusions, K > nk, chunks off the grid, 1–3 threads", async () => {
  if (skip) return console.warn(`skipped: ${skip}`);
  const cache = new SessionCache(2);
  const rng = createRng(seed);
  for (const [nq, nk, dim] of [[137, 1000, 8], [40, 3, 5], [1, 777, 3], [65, 130, 64]] as const) {
    const q = ints(rng, nq * dim);
    const keys = ints(rng, nk * dim);
    for (let j = 1; j < nk; j += 3) keys.copyWithin(j * dim, 0, dim); // tied keys: ties decided by the lower id
    keys[Math.min(5, nk - 1) * dim] = NaN; // a key scoring NaN for every query: never selected
    const exclude = withFullLastRow(randomCsr(rng, { rows: nq - 1, cols: nk, density: nk / 4, emptyRows: 0.3 }), nk);
    for (const k of [1, 7, nk + 3]) {
      for (const ex of [exclude, undefined]) {
        const want = referenceScoreTopK(q, nq, keys, nk, dim, k, ex);
        for (const [chunkQueries, chunkKeys, threads] of [[16, 7, 1], [16, 100, 2], [512, 512, 3], [20, 64, 2]] as const) {
          const tuning: ScoreTopKTuning = { blockBytes: 1 << 20, maxBlockKeys: 1 << 14, chunkQueries, chunkKeys, threads };
          const got = await cpuScoreTopK(cache, q, nq, keys, nk, dim, k, ex, tuning, { smallWork: 0, chunkBytes: 1 << 20 }, blas);
          expectSame(got, want, `${nq}×${nk}×${dim} k=${k} exclude=${!!ex} chunk ${chunkQueries}×${chunkKeys} threads ${threads}`);
        }
      }
    }
  }
  await cache.dispose();
});

test("the OpenBLAS path agrees with the reference and the block path on random floats", async () => {
  if (skip) return console.warn(`skipped: ${skip}`);
  const cache = new SessionCache(2);
  const rng = createRng(seed ^ 0x5bd1e995);
  const [nq, nk, dim, k] = [301, 5003, 64, 20];
  const normal = (n: number) => Float32Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next()));
  const q = normal(nq * dim);
  const keys = normal(nk * dim);
  const exclude = randomCsr(rng, { rows: nq, cols: nk, density: 50, emptyRows: 0.2, skew: true });
  const want = referenceScoreTopK(q, nq, keys, nk, dim, k, exclude);
  const truth = dotTruth(q, nq, keys, nk, dim, exclude);
  const base: ScoreTopKTuning = { blockBytes: 8 << 20, maxBlockKeys: 16_384, threads: 2 };
  const fused = await cpuScoreTopK(cache, q, nq, keys, nk, dim, k, exclude, { ...base, chunkQueries: 64, chunkKeys: 1000 }, undefined, blas);
  const blocks = await cpuScoreTopK(cache, q, nq, keys, nk, dim, k, exclude, { ...base, fused: false }, undefined, blas);
  expect(topKMismatch(fused, want, truth)).toBeNull();
  expect(topKMismatch(blocks, want, truth)).toBeNull();
  await cache.dispose();
});

test("OpenBLAS keeps its thread count across the fused call", async () => {
  if (skip) return console.warn(`skipped: ${skip}`);
  const { dlopen } = await import("bun:ffi");
  const lib = dlopen("libopenblas.so.0", { openblas_get_num_threads: { args: [], returns: "i32" }, openblas_set_num_threads: { args: ["i32"], returns: "void" } });
  lib.symbols.openblas_set_num_threads(2);
  const top = { ids: new Int32Array(200 * 3), scores: new Float32Array(200 * 3) };
  blasTopK()!.run(new Float32Array(200 * 4).fill(1), 200, new Float32Array(300 * 4).fill(1), 300, 4, 3, undefined, top, { queries: 16, keys: 64 }, 2);
  expect(lib.symbols.openblas_get_num_threads()).toBe(2);
  expect([...top.ids.subarray(0, 3)]).toEqual([0, 1, 2]); // all scores tie at 4: the lowest ids
  expect([...top.scores.subarray(597)]).toEqual([4, 4, 4]);
});
