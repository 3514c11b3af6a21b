import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/nn";
import { negativeSampler } from "./negatives.ts";

test("popularity^0.75 and uniform samplers draw with the probabilities they report", () => {
  const counts = Float64Array.from([0, 1, 16, 81]);
  for (const kind of ["uniform", "popularity"] as const) {
    const s = negativeSampler(kind, counts);
    const seen = new Float64Array(4);
    const n = 200_000;
    for (const i of s.draw(new Rng(1), n)) seen[i]!++;
    for (let i = 0; i < 4; i++) expect(Math.abs(seen[i]! / n - s.probability(i))).toBeLessThan(0.005);
  }
  expect(negativeSampler("popularity", counts).probability(0)).toBe(0);
  expect(negativeSampler("popularity", counts).probability(3) / negativeSampler("popularity", counts).probability(2)).toBeCloseTo(27 / 8, 6);
});
