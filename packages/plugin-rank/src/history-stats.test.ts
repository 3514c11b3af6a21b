import { expect, test } from "bun:test";
import { table } from "@shortlist/runner";
import { historyStats } from "./history-stats.ts";

// user 1 rated items 10 (4) and 20 (2); user 2 rated item 10 (5)
const DAY = 86_400;
const history = table({ user: Int32Array.of(1, 1, 2), item: Int32Array.of(10, 20, 10), rating: Float32Array.of(4, 2, 5), timestamp: Int32Array.of(10 * DAY, 20 * DAY, 40 * DAY) });

test("historyStats: counts, mean ratings and popularity from the history only; unknown ids get 0 / NaN", () => {
  const s = historyStats(history, "split.train", Int32Array.of(1, 2, 3), Int32Array.of(10, 20, 99));
  const get = (name: string) => Array.from(s[name] as Float32Array);
  expect(get("user_count")).toEqual([2, 1, 0]);
  expect(get("user_mean_rating")).toEqual([3, 5, NaN]);
  expect(get("item_count")).toEqual([2, 1, 0]);
  expect(get("item_mean_rating")).toEqual([4.5, 2, NaN]);
  const pop1 = (Math.log1p(2) + Math.log1p(1)) / 2;
  expect(get("user_pop")[0]).toBeCloseTo(pop1, 6);
  expect(get("user_pop")[1]).toBeCloseTo(Math.log1p(2), 6);
  expect(get("pop_gap")[1]).toBeCloseTo(Math.log1p(1) - Math.log1p(2), 6);
  expect(get("pop_gap")[2]).toBeNaN();
  // user 1's mean day 15, item 10's mean day 25; user 2 (day 40) and item 20 (day 20)
  expect(get("time_gap")).toEqual([-10, 20, NaN]);
});

test("historyStats leaves the mean ratings and time_gap out when the history has no rating or timestamp column", () => {
  const s = historyStats(table({ user: Int32Array.of(1), item: Int32Array.of(10) }), "split.train", Int32Array.of(1), Int32Array.of(10));
  expect(Object.keys(s)).toEqual(["user_count", "user_pop", "item_count", "pop_gap"]);
});
