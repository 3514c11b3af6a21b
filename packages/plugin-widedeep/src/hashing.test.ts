import { describe, expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import { A, mulmod, P, wideBucket } from "./hashing.ts";

describe("hashing", () => {
  test("mulmod equals BigInt arithmetic on random residues and the extremes", () => {
    const rng = new Rng(7);
    const cases: [number, number][] = [[0, 0], [P - 1, P - 1], [P - 1, A], [1, P - 1]];
    for (let i = 0; i < 2000; i++) cases.push([rng.int(P), rng.int(P)]);
    for (const [x, y] of cases) expect(mulmod(x, y)).toBe(Number((BigInt(x) * BigInt(y)) % BigInt(P)));
  });

  test("a cross of small codes fills the buckets like a random function (few collisions)", () => {
    const buckets = 1 << 16;
    const seen = new Set<number>();
    for (let a = 0; a < 100; a++) for (let b = 0; b < 100; b++) seen.add(wideBucket(3, [a, b], buckets));
    // 10,000 keys into 65,536 buckets: a random function leaves ≈ 9,290 distinct; a lattice far fewer.
    expect(seen.size).toBeGreaterThan(9000);
  });

  test("negative values and different features hash apart; buckets stay in range", () => {
    expect(wideBucket(0, [-1], 1000)).not.toBe(wideBucket(0, [1], 1000));
    expect(wideBucket(0, [5], 1 << 20)).not.toBe(wideBucket(1, [5], 1 << 20));
    for (const v of [-2147483648, -1, 0, 2147483647]) {
      const b = wideBucket(2, [v, v], 7);
      expect(b >= 0 && b < 7).toBe(true);
    }
  });
});
