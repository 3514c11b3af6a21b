import { expect, test } from "bun:test";
import { embeddingTable, recsTable } from "./tables.ts";

test("recsTable: raw ids, rank from 1, empty slots left out", () => {
  const top = { rows: 2, k: 2, ids: Int32Array.from([1, 0, 2, -1]), scores: Float32Array.from([0.9, 0.5, 0.7, -Infinity]) };
  const t = recsTable(top, Int32Array.from([5, 8]), Int32Array.from([100, 200, 300]));
  expect(Array.from(t.columns.user as Int32Array)).toEqual([5, 5, 8]);
  expect(Array.from(t.columns.rank as Int32Array)).toEqual([1, 2, 1]);
  expect(Array.from(t.columns.item as Int32Array)).toEqual([200, 100, 300]);
  expect(Array.from(t.columns.score as Float32Array)).toEqual([Math.fround(0.9), 0.5, Math.fround(0.7)]);
});

test("embeddingTable: the id column then one column per dimension", () => {
  const t = embeddingTable("item", Int32Array.from([4, 6]), Float32Array.from([1, 2, 3, 4, 5, 6]), 3);
  expect(Object.keys(t.columns)).toEqual(["item", "e0", "e1", "e2"]);
  expect(Array.from(t.columns.e1 as Float32Array)).toEqual([2, 5]);
});
