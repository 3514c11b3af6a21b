import { describe, expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import { binColumn, categoricalBins, midpoint, numericBins, sampleRowsFor } from "./bins.ts";

describe("numericBins", () => {
  test("few distinct values get a bin each, NaN the last bin", () => {
    const col = Float32Array.of(3, 1, 2, 2, NaN, 3);
    const m = numericBins(col, 255);
    expect(m.numBins).toBe(3);
    expect(m.missingBin).toBe(3);
    const out = new Uint8Array(col.length);
    binColumn(col, m, out);
    expect([...out]).toEqual([2, 0, 1, 1, 3, 2]);
  });

  test("edges come from the training column only: unseen larger values fall in the last bin", () => {
    const m = numericBins(Float32Array.of(0, 1, 2), 255);
    const out = new Uint8Array(3);
    binColumn(Float32Array.of(-5, 1.2, 99), m, out);
    expect([...out]).toEqual([0, 1, 2]);
  });

  test("many distinct values: at most maxBin roughly equal-count bins, order kept", () => {
    const r = new Rng(3);
    const col = Float32Array.from({ length: 20_000 }, () => r.normal());
    const m = numericBins(col, 16);
    expect(m.numBins).toBeLessThanOrEqual(16);
    expect(m.numBins).toBeGreaterThanOrEqual(15);
    const out = new Uint8Array(col.length);
    binColumn(col, m, out);
    const counts = new Array(m.numBins).fill(0);
    for (const b of out) counts[b]++;
    for (const c of counts) expect(Math.abs(c - 20_000 / m.numBins)).toBeLessThan(0.25 * 20_000 / m.numBins);
    for (let i = 0; i < col.length; i++) {
      const b = out[i]!;
      expect(col[i]!).toBeLessThanOrEqual(m.upper[b]!);
      if (b > 0) expect(col[i]!).toBeGreaterThan(m.upper[b - 1]!);
    }
  });

  test("constant and all-missing columns have < 2 value bins", () => {
    expect(numericBins(new Float32Array(10).fill(4), 255).numBins).toBe(1);
    const allNaN = numericBins(new Float32Array(10).fill(NaN), 255);
    expect(allNaN.numBins).toBe(0);
    expect(allNaN.missingBin).toBe(0);
  });

  test("midpoint is an f32 strictly below the larger value", () => {
    const a = Math.fround(1), b = Math.fround(1 + 2 ** -23);
    expect(midpoint(a, b)).toBe(a);
    expect(midpoint(1, 3)).toBe(2);
  });
});

describe("categoricalBins", () => {
  test("most frequent categories first; rare ones share the 'other' bin", () => {
    const col = Float32Array.of(7, 7, 7, 3, 3, 9, NaN);
    const m = categoricalBins(col, 3);
    expect([...m.categories]).toEqual([7, 3]);
    expect(m.numBins).toBe(3);
    const out = new Uint8Array(col.length);
    binColumn(col, m, out);
    expect([...out]).toEqual([0, 0, 0, 1, 1, 2, 3]);
  });
});

test("large columns: edges from a seeded row sample, still about equal-count bins", () => {
  expect(sampleRowsFor(100, 200, 1)).toBeNull();
  const rows = sampleRowsFor(300_000, 20_000, 1)!;
  expect(rows).toEqual(sampleRowsFor(300_000, 20_000, 1)!);
  expect(rows.every((r) => r >= 0 && r < 300_000)).toBe(true);
  const col = Float32Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 300_000);
  const m = numericBins(col, 10, rows);
  const out = new Uint8Array(col.length);
  binColumn(col, m, out);
  const counts = new Array(m.numBins).fill(0);
  for (const b of out) counts[b]++;
  for (const c of counts) expect(Math.abs(c - 30_000)).toBeLessThan(3_000);
});

test("integer-valued columns (the table path) bin exactly as the binary search does", () => {
  const r = new Rng(8);
  const col = Float32Array.from({ length: 30_000 }, () => (r.float() < 0.05 ? NaN : r.float() < 0.1 ? r.float() * 3000 : Math.floor(Math.exp(3 + r.normal()))));
  const m = numericBins(col, 40);
  const fresh = Float32Array.from({ length: 5_000 }, () => (r.float() < 0.5 ? r.int(5000) : r.normal() * 2000));
  const out = new Uint8Array(fresh.length);
  binColumn(fresh, m, out);
  fresh.forEach((v, i) => {
    const want = v !== v ? m.missingBin : m.upper.findIndex((u) => v <= u);
    expect(out[i]).toBe(want);
  });
});

test("binColumn's bucketed search gives the bin of a plain binary search over all edges (u8 and u16, skewed values)", () => {
  const r = new Rng(31);
  const plain = (v: number, upper: Float32Array, numBins: number) => {
    if (v !== v) return numBins;
    let lo = 0, hi = numBins - 1;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (v <= upper[mid]!) hi = mid; else lo = mid + 1; }
    return lo;
  };
  const draws: (() => number)[] = [
    () => r.normal() * 1e3,
    () => Math.exp(4 * r.normal()), // heavy tail: edges crowd at the low end
    () => (r.float() < 0.5 ? 0.25 : r.int(300) + 0.5), // many duplicates, non-integers
    () => (r.float() < 0.01 ? (r.float() < 0.5 ? Infinity : -Infinity) : r.float() - 0.5),
  ];
  for (const maxBin of [255, 1000]) {
    for (const draw of draws) {
      const column = Float32Array.from({ length: 30_000 }, () => (r.float() < 0.02 ? NaN : draw()));
      const m = numericBins(column.subarray(0, 20_000), maxBin); // unseen values in the rest
      const out = maxBin > 255 ? new Uint16Array(column.length) : new Uint8Array(column.length);
      binColumn(column, m, out);
      const expected = Array.from(column, (v) => plain(v, m.upper, m.numBins));
      expect(Array.from(out)).toEqual(expected);
    }
  }
});
