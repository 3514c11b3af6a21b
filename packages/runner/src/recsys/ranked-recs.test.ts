import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import { table, type Table } from "../artifacts.ts";
import { UserError } from "../errors.ts";
import { rankedRecs } from "./ranked-recs.ts";

/** A numeric column as a plain array, for comparisons. */
const col = (t: Table, name: string): number[] => Array.from(t.columns[name] as Int32Array);

test("rankedRecs: top k per user by score, users ascending, ranks from 1", () => {
  const cands = table({ user: Int32Array.of(7, 7, 7, 3, 3), item: Int32Array.of(1, 2, 3, 9, 8) });
  const recs = rankedRecs(cands, Float32Array.of(0.1, 0.9, 0.5, 0.2, 0.4), 2);
  expect(col(recs, "user")).toEqual([3, 3, 7, 7]);
  expect(col(recs, "rank")).toEqual([1, 2, 1, 2]);
  expect(col(recs, "item")).toEqual([8, 9, 2, 3]);
  expect(col(recs, "score")).toEqual([Math.fround(0.4), Math.fround(0.2), Math.fround(0.9), Math.fround(0.5)]);
  expect(recs.columns.rank).toBeInstanceOf(Int32Array);
  expect(recs.columns.score).toBeInstanceOf(Float32Array);
});

test("rankedRecs: ties go to the smaller item id and NaN ranks last, whatever the row order", () => {
  const a = rankedRecs(table({ user: Int32Array.of(1, 1, 1, 1), item: Int32Array.of(5, 2, 9, 4) }), Float64Array.of(1, 1, NaN, 0), 4);
  expect(col(a, "item")).toEqual([2, 5, 4, 9]);
  const b = rankedRecs(table({ user: Int32Array.of(1, 1, 1, 1), item: Int32Array.of(9, 4, 5, 2) }), Float64Array.of(NaN, 0, 1, 1), 4);
  expect(col(b, "item")).toEqual([2, 5, 4, 9]);
});

test("rankedRecs on random candidates matches a per-user sort, for users with fewer than k rows too", () => {
  const rng = new Rng(11);
  const n = 3000;
  const user = Int32Array.from({ length: n }, () => rng.int(50) * 3);
  const item = Int32Array.from({ length: n }, (_, r) => r); // distinct items per row
  const scores = Float32Array.from({ length: n }, () => Math.round(rng.normal() * 4) / 4); // many ties
  const k = 10;
  const recs = rankedRecs(table({ user, item }), scores, k);
  const expected: [number, number, number][] = [];
  for (const u of [...new Set(user)].sort((x, y) => x - y)) {
    const rows = [...item.keys()].filter((r) => user[r] === u).sort((a, b) => scores[b]! - scores[a]! || item[a]! - item[b]!);
    rows.slice(0, k).forEach((r, i) => expected.push([u, i + 1, item[r]!]));
  }
  const [u, rank, it] = [col(recs, "user"), col(recs, "rank"), col(recs, "item")];
  const got = u.map((x, i) => [x, rank[i], it[i]]);
  expect(got).toEqual(expected);
});

test("rankedRecs: wrong score count or k is a UserError; an empty table gives an empty recs table", () => {
  const cands = table({ user: Int32Array.of(1, 1), item: Int32Array.of(1, 2) });
  expect(() => rankedRecs(cands, new Float32Array(3), 5, "candidates.test")).toThrow(UserError);
  expect(() => rankedRecs(cands, new Float32Array(3), 5, "candidates.test")).toThrow("3 scores for the 2 rows of candidates.test");
  expect(() => rankedRecs(cands, new Float32Array(2), 0)).toThrow("expected a whole number ≥ 1");
  const empty = rankedRecs(table({ user: new Int32Array(0), item: new Int32Array(0) }), new Float32Array(0), 10);
  expect(empty.length).toBe(0);
  expect(Object.keys(empty.columns)).toEqual(["user", "rank", "item", "score"]);
});
