import { describe, expect, test } from "bun:test";
import { gridFor, itemsPerBinding, spans } from "./dispatch-grid.ts";

describe("gridFor", () => {
  test("keeps small dispatches one-dimensional", () => {
    expect(gridFor(10, 65535)).toEqual([10, 1, 1]);
    expect(gridFor(0, 65535)).toEqual([1, 1, 1]);
  });

  test("folds large counts into two dimensions within the limit, covering every workgroup", () => {
    for (const total of [65536, 100_000, 4_000_000, 7 * 65535 + 3]) {
      const [x, y] = gridFor(total, 65535);
      expect(x).toBeLessThanOrEqual(65535);
      expect(y).toBeLessThanOrEqual(65535);
      expect(x * y).toBeGreaterThanOrEqual(total);
      expect(x * (y - 1)).toBeLessThan(total);
    }
  });

  test("refuses what even two dimensions cannot hold", () => {
    expect(() => gridFor(10, 3)).toThrow(RangeError);
  });
});

describe("spans", () => {
  test("covers the range in order with bounded spans", () => {
    expect(spans(10, 4)).toEqual([{ start: 0, end: 4 }, { start: 4, end: 8 }, { start: 8, end: 10 }]);
    expect(spans(0, 4)).toEqual([]);
    expect(spans(3, 0.5)).toHaveLength(3);
  });

  test("itemsPerBinding is at least one", () => {
    expect(itemsPerBinding(1024, 100)).toBe(10);
    expect(itemsPerBinding(16, 100)).toBe(1);
  });
});
