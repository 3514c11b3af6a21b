import { expect, test } from "bun:test";
import { merlinCut } from "./merlin-cut.ts";

test("equal-width bins over the observed range, right-closed, minimum in bin 1", () => {
  // range 1..10 in 3 bins: edges 1(−0.009), 4, 7, 10 → (…,4] (4,7] (7,10]
  expect(Array.from(merlinCut(new Int32Array([1, 4, 5, 7, 8, 10]), 3))).toEqual([1, 1, 2, 2, 3, 3]);
});

test("more bins than distinct ids: labels stay within 1..bins", () => {
  const out = merlinCut(new Int32Array([3, 4, 5]), 100);
  expect(out[0]).toBe(1);
  expect(out[2]).toBe(100);
  expect(out[1]).toBe(50); // 4 sits exactly on edge 3 + 50·0.02
});

test("one distinct id or one bin", () => {
  expect(Array.from(merlinCut(new Int32Array([7, 7]), 4))).toEqual([2, 2]);
  expect(Array.from(merlinCut(new Int32Array([7, 7]), 3))).toEqual([2, 2]);
  expect(Array.from(merlinCut(new Int32Array([1, 9]), 1))).toEqual([1, 1]);
});
