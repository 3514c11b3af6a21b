import { expect, test } from "bun:test";
import { measure, measureAlternating, median } from "./measure.ts";

test("median of odd and even lists", () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
});

test("measure runs warm-up plus runs; alternating calls both sides equally", async () => {
  let calls = 0;
  const t = await measure(() => calls++, 5);
  expect(calls).toBe(6);
  expect(t.runsMs.length).toBe(5);
  let ours = 0;
  let peer = 0;
  const both = await measureAlternating(() => ours++, async () => (peer++, 7), 3);
  expect([ours, peer]).toEqual([4, 4]);
  expect(both.peer.medianMs).toBe(7);
});
