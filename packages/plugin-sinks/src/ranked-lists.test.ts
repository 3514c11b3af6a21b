import { expect, test } from "bun:test";
import { table, UserError } from "@shortlist/runner";
import { rankedLists } from "./ranked-lists.ts";

const recs = table({
  user: new Int32Array([3, 3, 5, 9, 9, 9]),
  rank: new Int32Array([0, 1, 0, 0, 1, 2]),
  item: new Int32Array([10, 11, 12, 13, 14, 15]),
  score: new Float32Array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4]),
});

test("splits a sorted recs table into one list per user", () => {
  const l = rankedLists(recs, "recs.itemcf");
  expect([...l.keys]).toEqual([3, 5, 9]);
  expect([...l.starts]).toEqual([0, 2, 3, 6]);
  expect([...l.ids.subarray(l.starts[2]!, l.starts[3]!)]).toEqual([13, 14, 15]);
  expect(l.rows).toBe(6);
});

test("i2i tables use item and neighbour", () => {
  const i2i = table({ item: new Int32Array([1, 1]), rank: new Int32Array([0, 1]), neighbour: new Int32Array([4, 5]), score: new Float32Array([1, 0.5]) });
  const l = rankedLists(i2i, "i2i.swing");
  expect([...l.keys]).toEqual([1]);
  expect([...l.ids]).toEqual([4, 5]);
});

test("an empty table has no lists", () => {
  const empty = table({ user: new Int32Array(0), rank: new Int32Array(0), item: new Int32Array(0), score: new Float32Array(0) });
  const l = rankedLists(empty, "recs.x");
  expect(l.keys.length).toBe(0);
  expect([...l.starts]).toEqual([0]);
});

test("an unsorted table is refused with the row that breaks the order", () => {
  const bad = table({ user: new Int32Array([2, 1]), rank: new Int32Array([0, 0]), item: new Int32Array([1, 2]), score: new Float32Array([1, 1]) });
  expect(() => rankedLists(bad, "recs.x")).toThrow(UserError);
  expect(() => rankedLists(bad, "recs.x")).toThrow(/row 1 has user 1 after 2/);
});

test("a missing column names the columns present", () => {
  const bad = table({ user: new Int32Array([1]), item: new Int32Array([2]) });
  expect(() => rankedLists(bad, "recs.x")).toThrow(/no column "score" \(columns: user, item\)/);
});
