import { expect, test } from "bun:test";
import { table, UserError } from "@shortlist/runner";
import { readInteractions, relevantCounts, splitMatrix, unionCsr } from "./interactions.ts";

const i32 = (a: number[]) => Int32Array.from(a);
const train = table({ user: i32([7, 3, 7, 7, 3]), item: i32([20, 10, 30, 20, 40]), timestamp: i32([5, 1, 2, 9, 0]) });
const rowsOf = (x: { indptr: Int32Array; indices: Int32Array }, r: number) => Array.from(x.indices.subarray(x.indptr[r]!, x.indptr[r + 1]!));

test("readInteractions: dense ids ascending, each user's rows oldest first, distinct seen items", () => {
  const ix = readInteractions(train, "split.train", "recall.x");
  expect(Array.from(ix.users)).toEqual([3, 7]);
  expect(Array.from(ix.items)).toEqual([10, 20, 30, 40]);
  expect(Array.from(ix.user)).toEqual([1, 0, 1, 1, 0]);
  // user 7 (dense 1): rows 2 (t 2), 0 (t 5), 3 (t 9)
  expect(Array.from(ix.byUser.rows.subarray(ix.byUser.start[1]!, ix.byUser.start[2]!))).toEqual([2, 0, 3]);
  expect(rowsOf(ix.seen, 1)).toEqual([1, 2]);
  expect(() => readInteractions(table({ user: i32([]), item: i32([]) }), "split.train", "recall.x")).toThrow(UserError);
});

test("splitMatrix drops unknown users and items; relevantCounts keeps unknown items; unionCsr merges", () => {
  const ix = readInteractions(train, "split.train", "recall.x");
  const valid = table({ user: i32([7, 7, 9, 3, 3]), item: i32([40, 99, 10, 10, 10]) });
  const x = splitMatrix(valid, "split.valid", ix);
  expect(rowsOf(x, 0)).toEqual([0]);
  expect(rowsOf(x, 1)).toEqual([3]);
  expect(Array.from(relevantCounts(valid, "split.valid", ix))).toEqual([1, 2]);
  const u = unionCsr([ix.seen, x]);
  expect(rowsOf(u, 0)).toEqual([0, 3]);
  expect(rowsOf(u, 1)).toEqual([1, 2, 3]);
});
