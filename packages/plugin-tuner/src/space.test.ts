import { describe, expect, test } from "bun:test";
import { configurations, rangePoints } from "./space.ts";
import type { Parameter } from "./declaration.ts";

const where = { file: "p.yaml", line: 1, col: 1 };

describe("search space", () => {
  test("ranges: linear and log grids, integers deduplicated", () => {
    expect(rangePoints({ min: 0, max: 1, scale: "linear", steps: 5, integer: false })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(rangePoints({ min: 1, max: 1000, scale: "log", steps: 4, integer: true })).toEqual([1, 10, 100, 1000]);
    expect(rangePoints({ min: 1, max: 3, scale: "linear", steps: 5, integer: true })).toEqual([1, 2, 3]);
  });

  test("grid: every combination, the first parameter slowest", () => {
    const parameters: Parameter[] = [
      { path: "a", values: [1, 2], where },
      { path: "b", values: ["x", "y", "z"], where },
    ];
    const c = configurations({ strategy: "grid", parameters }, 42);
    expect(c).toHaveLength(6);
    expect(c[0]).toEqual({ a: 1, b: "x" });
    expect(c[5]).toEqual({ a: 2, b: "z" });
  });

  test("random: seeded, within the range, listed values only", () => {
    const parameters: Parameter[] = [
      { path: "a", values: [10, 20, 30], where },
      { path: "b", range: { min: 0.01, max: 1, scale: "log", integer: false }, where },
    ];
    const one = configurations({ strategy: "random", parameters, trials: 50, seed: 7 }, 42);
    expect(configurations({ strategy: "random", parameters, trials: 50, seed: 7 }, 42)).toEqual(one);
    expect(configurations({ strategy: "random", parameters, trials: 50, seed: 8 }, 42)).not.toEqual(one);
    expect(one).toHaveLength(50);
    for (const c of one) {
      expect([10, 20, 30]).toContain(c.a as number);
      expect(c.b as number).toBeGreaterThanOrEqual(0.01);
      expect(c.b as number).toBeLessThanOrEqual(1);
    }
    expect(new Set(one.map((c) => c.a)).size).toBe(3);
  });

  test("random over lists only: no repeats while unseen combinations remain", () => {
    const parameters: Parameter[] = [{ path: "a", values: [0.5, 1, 2], where }];
    expect(new Set(configurations({ strategy: "random", parameters, trials: 3 }, 42).map((c) => c.a)).size).toBe(3);
    expect(configurations({ strategy: "random", parameters, trials: 5 }, 42)).toHaveLength(5);
  });
});
