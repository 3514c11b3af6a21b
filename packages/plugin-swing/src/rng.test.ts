import { describe, expect, test } from "bun:test";
import { mixSeed, seededRandom } from "./rng.ts";

describe("seeded randomness", () => {
  test("repeatable, in [0, 1), and roughly uniform", () => {
    const a = seededRandom(mixSeed(1, 2));
    const b = seededRandom(mixSeed(1, 2));
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
  });

  test("mixSeed separates nearby seeds and keys", () => {
    const seen = new Set<number>();
    for (let s = 0; s < 30; s++) for (let k = 0; k < 30; k++) seen.add(mixSeed(s, k));
    expect(seen.size).toBe(900);
  });
});
