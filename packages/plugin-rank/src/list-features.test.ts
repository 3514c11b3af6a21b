import { expect, test } from "bun:test";
import { listFeatures } from "./list-features.ts";
import type { CandidateRows } from "./union.ts";

test("listFeatures: score ÷ the user's best per source, source count and best rank", () => {
  const rows: CandidateRows = {
    user: Int32Array.of(1, 1, 1, 2),
    item: Int32Array.of(7, 8, 9, 7),
    group: Int32Array.of(0, 0, 0, 1),
    score: [Float32Array.of(4, 2, NaN, 0.5), Float32Array.of(NaN, 3, 6, NaN)],
    rank: [Float32Array.of(1, 2, NaN, 1), Float32Array.of(NaN, 2, 1, NaN)],
  };
  const f = listFeatures(rows, ["a", "b"]);
  expect(Object.keys(f)).toEqual(["a_score", "a_rank", "a_norm", "b_score", "b_rank", "b_norm", "sources", "best_rank"]);
  expect(Array.from(f.a_norm as Float32Array)).toEqual([1, 0.5, NaN, 1]);
  expect(Array.from(f.b_norm as Float32Array)).toEqual([NaN, 0.5, 1, NaN]);
  expect(Array.from(f.sources as Float32Array)).toEqual([1, 2, 1, 1]);
  expect(Array.from(f.best_rank as Float32Array)).toEqual([1, 2, 1, 1]);
  expect(f.a_rank).toBe(rows.rank[0]!);
});
