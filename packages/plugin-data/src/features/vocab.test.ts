import { expect, test } from "bun:test";
import { byFrequency } from "./vocab.ts";

test("descending count, ties by ascending value, zero counts dropped", () => {
  expect(byFrequency([30, 10, 20, 40], [2, 2, 5, 0])).toEqual([2, 1, 0]); // 20 (5), then 10 and 30 (2 each)
  expect(byFrequency(["b", "a", "c"], [1, 1, 1])).toEqual([1, 0, 2]);
  expect(byFrequency([], [])).toEqual([]);
});
