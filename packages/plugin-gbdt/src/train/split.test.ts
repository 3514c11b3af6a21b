import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import { binData } from "./dataset.ts";
import { buildHistogramTs } from "./histogram.ts";
import { findBestSplit, leafScore, type SplitParams } from "./split.ts";

const params: SplitParams = { lambdaL1: 0.5, lambdaL2: 1, minDataInLeaf: 5, minSumHessianInLeaf: 1e-3, minGainToSplit: 0, maxCatThreshold: 32, catSmooth: 10, catL2: 10, minDataPerGroup: 1 };

/** Every threshold and missing direction of every feature, evaluated on raw rows. */
function bruteForce(cols: Float32Array[], g: Float32Array, h: Float32Array, p: SplitParams) {
  const n = g.length;
  let G = 0, H = 0;
  for (let i = 0; i < n; i++) { G += g[i]!; H += h[i]!; }
  let best = { gain: p.minGainToSplit, feature: -1, value: NaN, defaultLeft: false };
  cols.forEach((col, f) => {
    const values = [...new Set(Array.from(col).filter((v) => v === v))].sort((a, b) => a - b);
    for (const v of values) for (const dl of [false, true]) {
      let lg = 0, lh = 0, lc = 0;
      for (let i = 0; i < n; i++) { const x = col[i]!; if (x !== x ? dl : x <= v) { lg += g[i]!; lh += h[i]!; lc++; } }
      if (lc < p.minDataInLeaf || n - lc < p.minDataInLeaf) continue;
      const gain = leafScore(lg, lh, p.lambdaL1, p.lambdaL2) + leafScore(G - lg, H - lh, p.lambdaL1, p.lambdaL2) - leafScore(G, H, p.lambdaL1, p.lambdaL2);
      if (gain > best.gain + 1e-9) best = { gain, feature: f, value: v, defaultLeft: dl };
    }
  });
  return best;
}

test("best split matches a brute-force search on random data (with missing values)", () => {
  for (let trial = 0; trial < 20; trial++) {
    const r = new Rng(100 + trial);
    const n = 50 + r.int(150), F = 1 + r.int(4);
    const cols = Array.from({ length: F }, () => Float32Array.from({ length: n }, () => (r.float() < 0.1 ? NaN : r.int(12) / 4)));
    const g = Float32Array.from({ length: n }, () => r.normal());
    const h = Float32Array.from({ length: n }, () => 0.1 + r.float());
    const data = binData(cols, cols.map(() => false), 255);
    const hist = new Float64Array(data.histSlots * 3);
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const features = cols.map((_, f) => f);
    buildHistogramTs(data, features, rows, 0, n, g, h, hist);
    let G = 0, H = 0;
    for (let i = 0; i < n; i++) { G += g[i]!; H += h[i]!; }
    const got = findBestSplit(data, features, hist, { g: G, h: H, count: n }, params);
    const want = bruteForce(cols, g, h, params);
    if (want.feature < 0) { expect(got).toBeNull(); continue; }
    expect(got).not.toBeNull();
    expect(got!.gain).toBeCloseTo(want.gain, 6);
    // The chosen split separates the rows exactly as the brute-force one does.
    const m = data.mappers[got!.feature]!;
    const th = m.upper[got!.threshold]!;
    const side = (col: Float32Array, v: number, dl: boolean, thr: (x: number) => boolean) => Array.from(col, (x) => (x !== x ? dl : thr(x)));
    const a = side(cols[got!.feature]!, th, got!.defaultLeft, (x) => x <= th);
    const b = side(cols[want.feature]!, want.value, want.defaultLeft, (x) => x <= want.value);
    const same = a.every((x, i) => x === b[i]) || a.every((x, i) => x !== b[i]);
    if (got!.feature === want.feature) expect(same).toBe(true);
  }
});

test("constant and all-missing features are never split", () => {
  const n = 200;
  const r = new Rng(5);
  const cols = [new Float32Array(n).fill(3), new Float32Array(n).fill(NaN)];
  const g = Float32Array.from({ length: n }, () => r.normal());
  const h = new Float32Array(n).fill(1);
  const data = binData(cols, [false, false], 255);
  const hist = new Float64Array(data.histSlots * 3);
  buildHistogramTs(data, [0, 1], Int32Array.from({ length: n }, (_, i) => i), 0, n, g, h, hist);
  expect(findBestSplit(data, [0, 1], hist, { g: 0, h: n, count: n }, params)).toBeNull();
});

test("sorted-category split sends the categories with the most negative gradient left", () => {
  const n = 400;
  const col = Float32Array.from({ length: n }, (_, i) => i % 8);
  // Categories 2 and 5 have gradient -1 (want a higher score), the rest +1.
  const g = Float32Array.from(col, (c) => (c === 2 || c === 5 ? -1 : 1));
  const h = new Float32Array(n).fill(1);
  const data = binData([col], [true], 255);
  const hist = new Float64Array(data.histSlots * 3);
  buildHistogramTs(data, [0], Int32Array.from({ length: n }, (_, i) => i), 0, n, g, h, hist);
  let G = 0;
  for (const v of g) G += v;
  const s = findBestSplit(data, [0], hist, { g: G, h: n, count: n }, { ...params, lambdaL1: 0, catL2: 0, catSmooth: 0 });
  expect(s?.catBins?.map((b) => data.mappers[0]!.categories[b]).sort()).toEqual([2, 5]);
});
