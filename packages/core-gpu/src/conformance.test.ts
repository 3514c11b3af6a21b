/**
 * One conformance suite: every kernel on every available backend against the reference, on
 * fresh seeded random inputs (sizes off the tile grid, one row, empty rows, K beyond the row,
 * ties, large ids). Outputs are poisoned first where the API takes an `out`; elsewhere every
 * element is compared. Replay a failure with CONFORMANCE_SEED=<seed printed in the message>.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Backend, CooccurrenceOptions, Csr, PairTransform, TopK } from "./types.ts";
import { referenceBackend } from "./reference/backend.ts";
import { conformanceBackends } from "./testing/backends.ts";
import { firstMismatch, topKMismatch, type TopKTruth } from "./testing/compare.ts";
import { createRng, randomCsr, randomMatrix, suiteSeed, type Rng } from "./testing/random.ts";
import { coocTruth, denseTruth, dotTruth, matmulScale } from "./testing/truth.ts";

const SEED = suiteSeed();
/** lavapipe runs WGSL on the CPU: generous per-test ceilings, results only (no timing checks). */
const SLOW = { timeout: 300_000 };
const ref = referenceBackend();
const cases = await conformanceBackends();

/** Each test draws from its own stream, so one failing test replays alone with the same seed. */
function rngFor(name: string): Rng {
  let h = SEED;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0;
  return createRng(h);
}

function sameArray(label: string, got: Float32Array, want: Float32Array, scale: ArrayLike<number>): void {
  const at = firstMismatch(got, want, scale);
  if (at >= 0) throw new Error(`${label}: element ${at} is ${got[at]}, expected ${want[at]} (seed ${SEED})`);
}

function sameTopK(label: string, got: TopK, want: TopK, truth: TopKTruth): void {
  const why = topKMismatch(got, want, truth);
  if (why) throw new Error(`${label}: ${why} (seed ${SEED})`);
}

function absCsr(x: Csr): Csr {
  return x.values ? { ...x, values: x.values.map(Math.abs) } : x;
}

for (const c of cases) {
  describe(`conformance: ${c.label}`, () => {
    let be: Backend;
    beforeAll(async () => {
      be = await c.make();
    }, SLOW.timeout);
    afterAll(async () => {
      await be.dispose();
    }, SLOW.timeout);

    test("matmul: odd shapes, transposes, batches, bias and ReLU", async () => {
      const rng = rngFor("matmul");
      const shapes: [number, number, number, number][] = [
        [1, 1, 1, 1], [7, 33, 65, 1], [33, 7, 130, 1], [65, 130, 7, 1], [1, 130, 33, 1], [130, 1, 65, 1],
        [64, 64, 64, 1], [5, 3, 0, 1], [0, 4, 3, 1], [7, 9, 33, 3], [1, 65, 7, 4], [257, 129, 300, 1], [33, 65, 130, 2],
      ];
      for (const [m, n, k, batch] of shapes) {
        for (let v = 0; v < 4; v++) {
          const transA = (v & 1) === 1;
          const transB = (v & 2) === 2;
          const bias = rng.next() < 0.5 ? randomMatrix(rng, n) : undefined;
          const relu = rng.next() < 0.5;
          const a = randomMatrix(rng, batch * m * k);
          const b = randomMatrix(rng, batch * k * n);
          const out = new Float32Array(batch * m * n).fill(NaN);
          const o = { m, n, k, batch, transA, transB, bias, relu };
          const got = await be.matmul(a, b, { ...o, out });
          expect(got).toBe(out);
          const want = await ref.matmul(a, b, o);
          sameArray(`matmul ${batch}×${m}×${n}×${k} tA=${transA} tB=${transB} bias=${!!bias} relu=${relu}`, got, want, matmulScale(a, b, o));
        }
      }
    }, SLOW);

    test("matmul: fresh output and bad shapes", async () => {
      const rng = rngFor("matmul-fresh");
      const a = randomMatrix(rng, 7 * 5);
      const b = randomMatrix(rng, 5 * 3);
      const got = await be.matmul(a, b, { m: 7, n: 3, k: 5 });
      sameArray("matmul fresh out", got, await ref.matmul(a, b, { m: 7, n: 3, k: 5 }), matmulScale(a, b, { m: 7, n: 3, k: 5 }));
      await expect(be.matmul(a, b, { m: 7, n: 3, k: 4 })).rejects.toThrow(RangeError);
    }, SLOW);

    test("gather: duplicates, one row, large ids, out-of-range ids", async () => {
      const rng = rngFor("gather");
      for (const [rows, dim, count] of [[1, 1, 5], [7, 3, 20], [130, 33, 65], [70_000, 2, 50]] as const) {
        const table = randomMatrix(rng, rows * dim);
        const ids = Int32Array.from({ length: count }, (_, i) => (i % 3 === 0 ? rows - 1 : rng.int(rows)));
        const got = await be.gather(table, dim, ids);
        sameArray(`gather ${rows}×${dim}`, got, await ref.gather(table, dim, ids), new Float32Array(got.length));
      }
      const table = randomMatrix(rng, 12);
      await expect(be.gather(table, 3, new Int32Array([0, 4]))).rejects.toThrow(RangeError);
      await expect(be.gather(table, 3, new Int32Array([-1]))).rejects.toThrow(RangeError);
    }, SLOW);

    test("embeddingBag: sum and mean, weights, empty bags, large ids", async () => {
      const rng = rngFor("embeddingBag");
      for (const [rows, dim, bags] of [[1, 1, 3], [7, 3, 9], [130, 33, 20], [70_000, 5, 12]] as const) {
        const table = randomMatrix(rng, rows * dim);
        const offsets = new Int32Array(bags + 1);
        for (let b = 0; b < bags; b++) offsets[b + 1] = offsets[b]! + (rng.next() < 0.25 ? 0 : rng.int(9));
        const ids = Int32Array.from({ length: offsets[bags]! }, () => (rng.next() < 0.2 ? rows - 1 : rng.int(rows)));
        for (const mode of ["sum", "mean"] as const) {
          for (const weights of [undefined, randomMatrix(rng, ids.length)]) {
            const o = { mode, weights };
            const got = await be.embeddingBag(table, dim, ids, offsets, o);
            const want = await ref.embeddingBag(table, dim, ids, offsets, o);
            const absT = table.map(Math.abs);
            const scale = await ref.embeddingBag(absT, dim, ids, offsets, { mode, weights: weights?.map(Math.abs) });
            sameArray(`embeddingBag ${rows}×${dim} ${mode} weights=${!!weights}`, got, want, scale);
          }
        }
      }
      await expect(be.embeddingBag(randomMatrix(rng, 6), 2, new Int32Array([3]), new Int32Array([0, 1]), { mode: "sum" })).rejects.toThrow(RangeError);
    }, SLOW);

    test("scatterAdd: duplicates accumulate, untouched rows keep their bits, bad ids change nothing", async () => {
      const rng = rngFor("scatterAdd");
      for (const [rows, dim, count] of [[1, 1, 4], [7, 3, 20], [130, 33, 65], [70_000, 2, 40]] as const) {
        const start = randomMatrix(rng, rows * dim);
        const ids = Int32Array.from({ length: count }, (_, i) => (i % 4 === 0 ? rows - 1 : rng.int(rows)));
        const grad = randomMatrix(rng, count * dim);
        const got = start.slice();
        const want = start.slice();
        await be.scatterAdd(got, dim, ids, grad);
        await ref.scatterAdd(want, dim, ids, grad);
        const scale = start.map(Math.abs);
        await ref.scatterAdd(scale, dim, ids, grad.map(Math.abs));
        sameArray(`scatterAdd ${rows}×${dim}`, got, want, scale);
        const touched = new Set(ids);
        for (let r = 0; r < rows; r++) {
          if (touched.has(r)) continue;
          for (let d = 0; d < dim; d++) {
            if (!Object.is(got[r * dim + d], start[r * dim + d])) throw new Error(`scatterAdd changed untouched row ${r} (seed ${SEED})`);
          }
        }
      }
      const target = randomMatrix(rng, 6);
      const before = target.slice();
      await expect(be.scatterAdd(target, 2, new Int32Array([0, 3]), new Float32Array(4).fill(1))).rejects.toThrow(RangeError);
      expect(target).toEqual(before);
    }, SLOW);

    test("cooccurrenceDense: weights, values, empty rows", async () => {
      const rng = rngFor("cooccurrenceDense");
      for (const [users, items] of [[1, 1], [5, 7], [40, 33], [90, 65], [3, 130]] as const) {
        for (const values of [false, true]) {
          const x = randomCsr(rng, { rows: users, cols: items, density: 5, emptyRows: 0.2, values });
          const w = rng.next() < 0.5 ? randomMatrix(rng, users, 0.1, 3) : undefined;
          const got = await be.cooccurrenceDense(x, w);
          const scale = await ref.cooccurrenceDense(absCsr(x), w?.map(Math.abs));
          sameArray(`cooccurrenceDense ${users}×${items} values=${values}`, got, await ref.cooccurrenceDense(x, w), scale);
        }
      }
    }, SLOW);

    test("cooccurrenceTopN: transforms, minCount, ties, K beyond candidates, forced blocks", async () => {
      const rng = rngFor("cooccurrenceTopN");
      const shapes: [number, number, number, boolean][] = [
        [1, 1, 1, false], [6, 7, 3, false], [50, 33, 6, true], [120, 130, 9, true], [300, 700, 12, true],
      ];
      for (const [users, items, density, skew] of shapes) {
        for (const weighted of [false, true]) {
          const x = randomCsr(rng, { rows: users, cols: items, density, emptyRows: 0.15, skew, values: weighted });
          const rowWeights = weighted ? randomMatrix(rng, users, 0.2, 2) : undefined;
          const stat = randomMatrix(rng, items, 0.5, 4);
          const transforms: PairTransform[] = [
            { kind: "none" }, { kind: "cosine", rowStat: stat, shrink: 0.5 },
            { kind: "jaccard", rowStat: stat.map((s) => s + 40) }, { kind: "asymmetric", rowStat: stat, alpha: 0.3, shrink: 1 },
          ];
          for (const transform of transforms) {
            const topN = [1, 3, 20][rng.int(3)]!;
            const minCount = [1, 1, 2, 3][rng.int(4)]!;
            const blockItems = [undefined, 1, 3, 64][rng.int(4)];
            const progress: number[] = [];
            const o: CooccurrenceOptions = { topN, rowWeights, transform, minCount, blockItems, onProgress: (d) => progress.push(d) };
            const got = await be.cooccurrenceTopN(x, o);
            const want = await ref.cooccurrenceTopN(x, { ...o, onProgress: undefined });
            const label = `cooccurrenceTopN ${users}×${items} ${transform.kind} topN=${topN} minCount=${minCount} block=${blockItems} weighted=${weighted}`;
            sameTopK(label, got, want, coocTruth(x, o));
            expect(progress.at(-1)).toBe(items);
            expect(progress.every((d, i) => i === 0 || d >= progress[i - 1]!)).toBe(true);
          }
        }
      }
    }, SLOW);

    test("cooccurrenceTopN: large item ids in a sparse catalogue", async () => {
      const rng = rngFor("cooccurrence-large");
      // Just past 2^16, where 16-bit id packing would break; larger catalogues cost the dense-block
      // WGSL path nItems² scans, minutes on lavapipe.
      const items = 66_000;
      const x = randomCsr(rng, { rows: 60, cols: items, density: 4 });
      // Give a few users the very last ids so the top of the id range is exercised.
      const topIds: Csr = { rows: 2, cols: items, indptr: new Int32Array([0, 3, 5]), indices: new Int32Array([5, items - 2, items - 1, items - 2, items - 1]) };
      const both: Csr = {
        rows: x.rows + 2, cols: items,
        indptr: Int32Array.from([...x.indptr, ...[3, 5].map((v) => v + x.indices.length)]),
        indices: Int32Array.from([...x.indices, ...topIds.indices]),
      };
      const o = { topN: 4, blockItems: 4096 };
      sameTopK("cooccurrenceTopN large ids", await be.cooccurrenceTopN(both, o), await ref.cooccurrenceTopN(both, o), coocTruth(both, o));
    }, SLOW);

    test("cooccurrenceTopN: a block size that is not a positive integer is refused alike", async () => {
      const x: Csr = { rows: 1, cols: 3, indptr: new Int32Array([0, 2]), indices: new Int32Array([0, 2]) };
      for (const blockItems of [0, -1, 1.5]) await expect(be.cooccurrenceTopN(x, { topN: 1, blockItems })).rejects.toThrow(/blockItems: found .*, expected a positive integer/);
    }, SLOW);

    test("topK: K beyond the row, ties, exclusions, NaN and -Infinity", async () => {
      const rng = rngFor("topK");
      for (const [rows, cols] of [[1, 1], [1, 130], [7, 7], [33, 65], [5, 130], [130, 33]] as const) {
        for (const k of [0, 1, 5, cols + 3]) {
          const scores = randomMatrix(rng, rows * cols);
          for (let r = 0; r < rows; r++) {
            const kind = rng.int(4);
            for (let cc = 0; cc < cols; cc++) {
              if (kind === 1) scores[r * cols + cc] = 0.25; // all equal: order by id
              if (kind === 2) scores[r * cols + cc] = rng.int(3); // many ties
              if (kind === 3 && rng.next() < 0.2) scores[r * cols + cc] = [NaN, -Infinity][rng.int(2)]!;
            }
          }
          const exclude = rng.next() < 0.5 ? randomCsr(rng, { rows, cols, density: cols / 4, emptyRows: 0.3 }) : undefined;
          const got = await be.topK(scores, rows, cols, k, exclude);
          const want = await ref.topK(scores, rows, cols, k, exclude);
          sameTopK(`topK ${rows}×${cols} k=${k} exclude=${!!exclude}`, got, want, denseTruth(scores, rows, cols, exclude));
        }
      }
    }, SLOW);

    test("scoreTopK: blockwise Q·Kᵀ then top-K, with exclusions and tied keys", async () => {
      const rng = rngFor("scoreTopK");
      for (const [nq, nk, dim] of [[1, 1, 1], [7, 7, 3], [33, 65, 16], [130, 300, 33], [3, 1000, 8]] as const) {
        for (const k of [1, 5, nk + 2]) {
          const q = randomMatrix(rng, nq * dim);
          const keys = randomMatrix(rng, nk * dim);
          if (rng.next() < 0.4) for (let j = 1; j < nk; j += 2) keys.copyWithin(j * dim, 0, dim); // tied keys
          const exclude = rng.next() < 0.5 ? randomCsr(rng, { rows: nq, cols: nk, density: nk / 5, emptyRows: 0.3 }) : undefined;
          const got = await be.scoreTopK(q, nq, keys, nk, dim, k, exclude);
          const want = await ref.scoreTopK(q, nq, keys, nk, dim, k, exclude);
          sameTopK(`scoreTopK ${nq}×${nk}×${dim} k=${k} exclude=${!!exclude}`, got, want, dotTruth(q, nq, keys, nk, dim, exclude));
        }
      }
    }, SLOW);
  });
}

test("the suite ran at least the cpu backend", () => {
  expect(cases.some((c) => c.label === "cpu") || process.env.SHORTLIST_CONFORMANCE === "webgpu").toBe(true);
});
