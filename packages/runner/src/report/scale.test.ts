import { expect, test } from "bun:test";
import { formatTick, linear, logScale, logTicks, niceTicks } from "./scale.ts";

test("nice ticks cover the range in round steps", () => {
  expect(niceTicks(0, 0.23, 5)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25]);
  expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  expect(niceTicks(-1.3, 2.2, 6)).toEqual([-2, -1, 0, 1, 2, 3]);
  expect(niceTicks(3, 3)).toEqual([0, 1, 2, 3]);
  expect(niceTicks(0, 0)).toEqual([0, 1]);
});

test("scales and labels", () => {
  expect(linear([0, 10], [100, 0])(2.5)).toBe(75);
  expect(logScale([1, 100], [0, 200])(10)).toBeCloseTo(100, 12);
  expect(logTicks(100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
  expect(logTicks(20)).toEqual([1, 2, 5, 10, 20]);
  expect(logTicks(1)).toEqual([1]);
  expect([formatTick(0.15), formatTick(25000), formatTick(1234567), formatTick(0.30000000000000004)]).toEqual(["0.15", "25k", "1.23M", "0.3"]);
});
