import { expect, test } from "bun:test";
import type { SourceList } from "./source-list.ts";
import { unionLists } from "./union.ts";

const list = (rows: [number, number, number][]): SourceList => {
  const rank: number[] = [];
  rows.forEach(([u], i) => rank.push(i > 0 && rows[i - 1]![0] === u ? rank[i - 1]! + 1 : 1));
  return { user: Int32Array.from(rows, (r) => r[0]), item: Int32Array.from(rows, (r) => r[1]), score: Float32Array.from(rows, (r) => r[2]), rank: Int32Array.from(rank) };
};

test("unionLists: one row per (user, item), per-source score and rank, NaN where not retrieved", () => {
  const a = list([[5, 10, 0.9], [5, 11, 0.5], [3, 12, 0.7]]);
  const b = list([[5, 11, 4], [5, 13, 2]]);
  const u = unionLists([a, b]);
  expect(Array.from(u.user)).toEqual([3, 5, 5, 5]);
  expect(Array.from(u.group)).toEqual([0, 1, 1, 1]);
  // user 5: item 10 (best rank 1 in a) and 11 (rank 1 in b) tie → item id; 13 (rank 2 in b)
  expect(Array.from(u.item)).toEqual([12, 10, 11, 13]);
  expect(Array.from(u.rank[0]!)).toEqual([1, 1, 2, NaN]);
  expect(Array.from(u.rank[1]!)).toEqual([NaN, NaN, 1, 2]);
  expect(Array.from(u.score[1]!)).toEqual([NaN, NaN, 4, 2]);
});

test("unionLists keeps only the users `keep` accepts and does not depend on input row order", () => {
  const a = list([[1, 10, 1], [2, 20, 1], [2, 21, 0.5]]);
  const u = unionLists([a], (user) => user === 2);
  expect(Array.from(u.user)).toEqual([2, 2]);
  expect(Array.from(u.group)).toEqual([0, 0]);
  const shuffled: SourceList = { user: a.user.slice().reverse(), item: a.item.slice().reverse(), score: a.score.slice().reverse(), rank: a.rank.slice().reverse() };
  expect(unionLists([shuffled])).toEqual(unionLists([a]));
});
