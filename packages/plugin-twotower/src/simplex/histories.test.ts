import { expect, test } from "bun:test";
import { batchBags, buildHistories } from "./histories.ts";

test("histories: the cap most recent distinct items, oldest first; bags of a batch copy users' rows", () => {
  // user 0's rows oldest first: items 1, 2, 1, 3, 4; user 1: none; user 2: item 5
  const ix = { item: Int32Array.from([1, 2, 1, 3, 4, 5]), byUser: { start: Int32Array.from([0, 5, 5, 6]), rows: Int32Array.from([0, 1, 2, 3, 4, 5]) } };
  const h = buildHistories(ix, 3);
  expect(Array.from(h.offsets)).toEqual([0, 3, 3, 4]);
  expect(Array.from(h.ids)).toEqual([1, 3, 4, 5]); // user 0 keeps 4, 3, 1 (1 counted once), restored oldest first
  const b = batchBags(h, Int32Array.from([2, 0, 1]));
  expect(Array.from(b.offsets)).toEqual([0, 1, 4, 4]);
  expect(Array.from(b.ids)).toEqual([5, 1, 3, 4]);
});
