import { expect, test } from "bun:test";
import { groupByUser } from "./group-by-user.ts";

test("groups non-adjacent rows by user in first-seen order, keeping row order", () => {
  const g = groupByUser(new Int32Array([7, 3, 7, 3]), new Int32Array([1, 9, 2, 8]));
  expect(Array.from(g.users)).toEqual([7, 3]);
  expect(Array.from(g.start)).toEqual([0, 2, 4]);
  expect(Array.from(g.items)).toEqual([1, 2, 9, 8]);
});

test("orders within a user by rank, stable on equal ranks", () => {
  const g = groupByUser(new Int32Array([1, 1, 1]), new Int32Array([5, 6, 7]), new Int32Array([2, 0, 0]));
  expect(Array.from(g.items)).toEqual([6, 7, 5]);
});
