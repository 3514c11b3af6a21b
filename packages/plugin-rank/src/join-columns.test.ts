import { expect, test } from "bun:test";
import { table, UserError } from "@shortlist/runner";
import { affinity, joinValues, keyedValues } from "./join-columns.ts";

const items = table({ item: Int32Array.of(10, 20, 30), genre: ["Drama", "Comedy", "Drama"], year: Int32Array.of(1990, 1995, 2000) });

test("keyedValues: numbers as they are, strings as sorted codes from 1; joinValues gives NaN for unknown ids", () => {
  expect(Array.from(joinValues(keyedValues(items, "item", "features.item", "year", "o"), Int32Array.of(30, 99)))).toEqual([2000, NaN]);
  // Comedy → 1, Drama → 2
  expect(Array.from(joinValues(keyedValues(items, "item", "features.item", "genre", "o"), Int32Array.of(10, 20)))).toEqual([2, 1]);
});

test("keyedValues: a missing column is a UserError naming the option, the table and its columns", () => {
  expect(() => keyedValues(items, "item", "features.item", "genres", "rank.candidates.itemColumns")).toThrow(UserError);
  expect(() => keyedValues(items, "item", "features.item", "genres", "rank.candidates.itemColumns")).toThrow('rank.candidates.itemColumns: features.item has no column "genres" (columns: item, genre, year)');
});

test("affinity: the share of the user's history items with the candidate's value", () => {
  const genre = keyedValues(items, "item", "features.item", "genre", "o");
  // user 1 has 10 (Drama), 20 (Comedy), 30 (Drama); user 2 has nothing
  const a = affinity(genre, Int32Array.of(1, 1, 1), Int32Array.of(10, 20, 30), Int32Array.of(1, 1, 2, 1), Int32Array.of(30, 20, 30, 77));
  expect(a[0]).toBeCloseTo(2 / 3, 6);
  expect(a[1]).toBeCloseTo(1 / 3, 6);
  expect(a[2]).toBeNaN();
  expect(a[3]).toBe(0);
});
