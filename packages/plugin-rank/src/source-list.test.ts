import { expect, test } from "bun:test";
import { table, UserError } from "@shortlist/runner";
import { sourceList } from "./source-list.ts";

const i32 = (a: number[]) => Int32Array.from(a);
const f32 = (a: number[]) => Float32Array.from(a);

test("sourceList orders each user's rows by the rank column (0- or 1-based), ranks from 1, cut at depth", () => {
  const t = table({ user: i32([2, 1, 1, 1]), rank: i32([0, 2, 0, 1]), item: i32([9, 7, 5, 6]), score: f32([1, 0.2, 0.9, 0.5]) });
  const l = sourceList(t, "recs.x", 2);
  expect(Array.from(l.user)).toEqual([1, 1, 2]);
  expect(Array.from(l.item)).toEqual([5, 6, 9]);
  expect(Array.from(l.rank)).toEqual([1, 2, 1]);
  expect(Array.from(l.score)).toEqual([f32([0.9])[0]!, 0.5, 1]);
  const oneBased = sourceList(table({ ...t.columns, rank: i32([1, 3, 1, 2]) }), "recs.x", 2);
  expect(Array.from(oneBased.item)).toEqual([5, 6, 9]);
});

test("sourceList without a rank column keeps row order within a user", () => {
  const l = sourceList(table({ user: i32([1, 1, 1]), item: i32([8, 3, 4]), score: f32([1, 2, 3]) }), "recs.x", 10);
  expect(Array.from(l.item)).toEqual([8, 3, 4]);
  expect(Array.from(l.rank)).toEqual([1, 2, 3]);
});

test("sourceList: a repeated item or a missing column is a UserError naming the artifact", () => {
  expect(() => sourceList(table({ user: i32([1, 1]), item: i32([3, 3]), score: f32([1, 1]) }), "recs.bad", 10)).toThrow("recs.bad lists item 3 twice for user 1");
  expect(() => sourceList(table({ user: i32([1]), item: i32([3]) }), "recs.bad", 10)).toThrow(UserError);
  expect(() => sourceList(table({ user: i32([1]), item: i32([3]) }), "recs.bad", 10)).toThrow('recs.bad has no column "score"');
});
