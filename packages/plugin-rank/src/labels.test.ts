import { expect, test } from "bun:test";
import { table, UserError } from "@shortlist/runner";
import { labelColumn, labelPairs } from "./labels.ts";

const valid = table({ user: Int32Array.of(1, 1, 2), item: Int32Array.of(10, 20, 10), rating: Float32Array.of(4, 2, 5) });

test("labelColumn: 1 where the user has the item in the labels table, else 0; or the rating as gain", () => {
  const user = Int32Array.of(1, 1, 2, 3);
  const item = Int32Array.of(10, 30, 10, 10);
  expect(Array.from(labelColumn(labelPairs(valid, "split.valid", "binary"), user, item))).toEqual([1, 0, 1, 0]);
  expect(Array.from(labelColumn(labelPairs(valid, "split.valid", "rating"), user, item))).toEqual([4, 0, 5, 0]);
});

test("gain rating without a rating column is a UserError", () => {
  const t = table({ user: Int32Array.of(1), item: Int32Array.of(1) });
  expect(() => labelPairs(t, "split.valid", "rating")).toThrow(UserError);
  expect(() => labelPairs(t, "split.valid", "rating")).toThrow("use gain: binary");
});
