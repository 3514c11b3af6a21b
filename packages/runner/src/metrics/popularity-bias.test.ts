import { expect, test } from "bun:test";
import { BiasAccumulator, gini, popularityReference } from "./popularity-bias.ts";

test("the head is the top 20 % of items by training count, ties by ascending id", () => {
  // counts: 1→4, 2→3, 3→3, 4..10→1: 10 items, head = 2 items = {1, 2}
  const items = [1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 5, 6, 7, 8, 9, 10];
  const ref = popularityReference(items);
  expect([...ref.head].sort()).toEqual([1, 2]);
  expect(ref.count.get(3)).toBe(3);
});

test("gini: 0 when even, (n−1)/n when one item takes everything", () => {
  expect(gini([2, 2, 2, 2])).toBe(0);
  expect(gini([0, 0, 0, 5])).toBeCloseTo(3 / 4, 12);
  expect(gini([])).toBe(0);
  expect(gini([0, 0])).toBe(0);
});

test("avgpop, gini and long-tail share over the top-K slots", () => {
  const ref = popularityReference([1, 1, 1, 1, 2, 2, 3, 4, 5]); // head = {1} (ceil(0.2 × 5))
  const acc = new BiasAccumulator(ref, 2);
  acc.add([1, 3, 5]); // slots 1, 3
  acc.add([1, 9]); // 9 never seen in training: popularity 0, long tail
  const v = acc.values();
  expect(v.avgpop).toBeCloseTo((4 + 1 + 4 + 0) / 4, 12);
  expect(v.longtail).toBeCloseTo(2 / 4, 12);
  // counts over the catalogue 1..5 plus 9: [2, 0, 1, 0, 0, 1] → gini of sorted [0,0,0,1,1,2]
  expect(v.gini).toBeCloseTo(gini([0, 0, 0, 1, 1, 2]), 12);
});
