import { describe, expect, test } from "bun:test";
import { denseIds } from "./dense-ids.ts";

describe("denseIds", () => {
  test("small ranges: ascending ids, per-row index, lookup", () => {
    const d = denseIds(new Int32Array([30, 10, 30, -5]));
    expect(Array.from(d.ids)).toEqual([-5, 10, 30]);
    expect(Array.from(d.index)).toEqual([2, 1, 2, 0]);
    expect(d.lookup(10)).toBe(1);
    expect(d.lookup(11)).toBe(-1);
    expect(d.lookup(1e9)).toBe(-1);
  });

  test("sparse ranges (hashed ids) give the same answer through sorting", () => {
    const raw = new Int32Array([2_000_000_000, -2_000_000_000, 7, 2_000_000_000]);
    const d = denseIds(raw);
    expect(Array.from(d.ids)).toEqual([-2_000_000_000, 7, 2_000_000_000]);
    expect(Array.from(d.index)).toEqual([2, 0, 1, 2]);
    expect(d.lookup(7)).toBe(1);
    expect(d.lookup(8)).toBe(-1);
  });

  test("empty input", () => {
    const d = denseIds(new Int32Array(0));
    expect(d.ids.length).toBe(0);
    expect(d.lookup(1)).toBe(-1);
  });
});
