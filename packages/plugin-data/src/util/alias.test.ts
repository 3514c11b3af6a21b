import { expect, test } from "bun:test";
import { AliasTable } from "./alias.ts";
import { Rng } from "@shortlist/core-gpu/random";

test("alias draws follow the weights, never drawing a zero weight", () => {
  const w = [0.5, 0, 3, 1.5];
  const t = new AliasTable(w);
  const r = new Rng(9);
  const counts = [0, 0, 0, 0];
  const n = 100_000;
  for (let i = 0; i < n; i++) counts[t.sample(r)]!++;
  expect(counts[1]).toBe(0);
  for (const i of [0, 2, 3]) expect(counts[i]! / n).toBeCloseTo(w[i]! / 5, 2);
});

test("rejects weights that are negative, NaN or all zero", () => {
  expect(() => new AliasTable([1, -1])).toThrow(/weight 1/);
  expect(() => new AliasTable([NaN])).toThrow(/weight 0/);
  expect(() => new AliasTable([0, 0])).toThrow(/all weights are zero/);
});
