import { describe, expect, test } from "bun:test";
import { seededRandom } from "./seeded-random.ts";

describe("seededRandom", () => {
  test("the PRNG repeats for a seed and differs across seeds", () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const c = seededRandom(6);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]!);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});
