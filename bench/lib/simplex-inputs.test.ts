import { expect, test } from "bun:test";
import { table } from "@shortlist/runner";
import { paddedHistories, sampleRows, simplexInputs } from "./simplex-inputs.ts";

const train = table({
  user: Int32Array.from([10, 10, 10, 20, 10]),
  item: Int32Array.from([5, 7, 5, 7, 9]),
  timestamp: Int32Array.from([1, 2, 3, 1, 4]),
});

test("histories are the users' most recent distinct items, padded to the cap with the pad id", () => {
  const s = simplexInputs(train, 2);
  // Dense ids: users [10, 20], items [5, 7, 9]; user 10's newest distinct items are 5 (t3) and 9 (t4).
  const { hist, len } = paddedHistories(s.histories, 2, 3);
  expect([...len]).toEqual([2, 1]);
  expect([...hist]).toEqual([0, 2, 1, 3]);
});

test("a sampled epoch keeps ids, histories and seen pairs, and only some rows", () => {
  const s = simplexInputs(train, 2);
  const half = sampleRows(s, 0.5, 3);
  expect(half.ix.user.length).toBeLessThan(5);
  expect(half.ix.seen).toBe(s.ix.seen);
  expect(half.histories).toBe(s.histories);
  expect(sampleRows(s, 1, 3)).toBe(s);
});
