import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import { binData } from "./dataset.ts";
import { buildFeatureRange, buildHistogramTs, sumGradients } from "./histogram.ts";
import { arenaBytes, createArena } from "./arena.ts";
import { buildFeatureRangeWasm } from "./wasm-hist.ts";

/** The plain loop: one feature at a time, rows in order (what the interleaved kernels must equal). */
function reference(data: ReturnType<typeof binData>, features: number[], rows: Int32Array, begin: number, count: number, og: Float32Array, oh: Float32Array): Float64Array {
  const hist = new Float64Array(data.histSlots * 3);
  for (const f of features) {
    for (let i = 0; i < count; i++) {
      const s = (data.histOffset[f]! + data.bins[f * data.rows + rows[begin + i]!]!) * 3;
      hist[s]! += og[i]!; hist[s + 1]! += oh[i]!; hist[s + 2]! += 1;
    }
  }
  return hist;
}

test("interleaved kernels (4, 2 and 1 features per pass) equal the one-feature loop bit for bit, u8 and u16 bins", () => {
  for (const maxBin of [255, 1000]) {
    for (let trial = 0; trial < 6; trial++) {
      const r = new Rng(300 + trial + maxBin);
      const n = 2000 + r.int(3000), F = 1 + r.int(11);
      // Some skewed (few values), some with missing values.
      const cols = Array.from({ length: F }, (_, f) => Float32Array.from({ length: n }, () => (r.float() < 0.05 ? NaN : f % 2 ? r.int(3) : r.normal())));
      const data = binData(cols, cols.map(() => false), maxBin);
      expect(data.bins instanceof Uint8Array).toBe(maxBin === 255);
      const rows = Int32Array.from({ length: n }, (_, i) => i).filter(() => r.float() < 0.6);
      const begin = r.int(50), count = rows.length - begin - r.int(50);
      const og = Float32Array.from({ length: count }, () => r.normal()), oh = Float32Array.from({ length: count }, () => r.float());
      // A shuffled subset of features, so chunks do not line up with feature numbers.
      const features = Array.from({ length: F }, (_, f) => f).filter(() => r.float() < 0.8).sort(() => r.float() - 0.5);
      const want = reference(data, features, rows, begin, count, og, oh);
      const all = new Float64Array(data.histSlots * 3);
      buildHistogramTs(data, features, rows, begin, count, og, oh, all);
      expect(Array.from(all)).toEqual(Array.from(want));
      // Built in two ranges of the list (as two threads would): the same.
      const split = new Float64Array(data.histSlots * 3), cut = r.int(features.length + 1);
      buildFeatureRange(data, features, 0, cut, rows, begin, count, og, oh, split);
      buildFeatureRange(data, features, cut, features.length, rows, begin, count, og, oh, split);
      expect(Array.from(split)).toEqual(Array.from(want));
    }
  }
});

test("WebAssembly kernels with the totals: histograms and Σg, Σh equal the plain loops bit for bit (1–4 features in the last pass, u8 and u16)", () => {
  for (const maxBin of [255, 1000]) {
    for (let trial = 0; trial < 8; trial++) {
      const r = new Rng(700 + trial + maxBin);
      const n = 1000 + r.int(3000), F = 1 + r.int(9);
      const cols = Array.from({ length: F }, (_, f) => Float32Array.from({ length: n }, () => (r.float() < 0.05 ? NaN : f % 2 ? r.int(3) : r.normal())));
      const arena = createArena(arenaBytes(n, F, maxBin, 1))!;
      expect(arena).not.toBeNull();
      const data = binData(cols, cols.map(() => false), maxBin, 0, arena.alloc);
      const at = <T>(make: new (b: ArrayBufferLike, o: number, l: number) => T, length: number, size: number): T => { const { buffer, byteOffset } = arena.alloc(size * length); return new make(buffer, byteOffset, length); };
      const rows = at(Int32Array, n, 4), og = at(Float32Array, n, 4), oh = at(Float32Array, n, 4), sums = at(Float64Array, 2, 8);
      const hist = at(Float64Array, data.histSlots * 3, 8);
      let count = 0;
      for (let i = 0; i < n; i++) if (r.float() < 0.7) rows[count++] = i;
      for (let i = 0; i < count; i++) { og[i] = r.normal(); oh[i] = r.float(); }
      const features = Array.from({ length: F }, (_, f) => f).sort(() => r.float() - 0.5);
      buildFeatureRangeWasm(arena.kernels, data, features, 0, F, rows, 0, count, og, oh, hist, sums);
      expect(Array.from(hist)).toEqual(Array.from(reference(data, features, rows, 0, count, og, oh)));
      let sg = 0, sh = 0;
      for (let i = 0; i < count; i++) { sg += og[i]!; sh += oh[i]!; }
      expect(Array.from(sums)).toEqual([sg, sh]);
      // No rows: zero totals; no features: the totals still.
      buildFeatureRangeWasm(arena.kernels, data, features, 0, F, rows, 0, 0, og, oh, hist, sums);
      expect(Array.from(sums)).toEqual([0, 0]);
      buildFeatureRangeWasm(arena.kernels, data, features, 0, 0, rows, 0, count, og, oh, hist, sums);
      expect(Array.from(sums)).toEqual([sg, sh]);
      const ts = new Float64Array(2);
      sumGradients(og, oh, count, ts);
      expect(Array.from(ts)).toEqual([sg, sh]);
    }
  }
});
