import { describe, expect, test } from "bun:test";
import { table } from "@shortlist/runner";
import { denseIds } from "@shortlist/runner/recsys";
import { userHistory } from "./user-history.ts";

const i32 = (a: number[]) => new Int32Array(a);

describe("userHistory", () => {
  test("distinct items per user, most recent first, ties in time by later row", () => {
    const t = table({ user: i32([7, 5, 7, 7, 7]), item: i32([1, 2, 3, 1, 4]), timestamp: i32([10, 0, 30, 40, 30]) });
    const u = denseIds(i32([5, 7]));
    const it = denseIds(i32([1, 2, 3, 4]));
    const h = userHistory(t, "split.train", u, it);
    expect(Array.from(h.start)).toEqual([0, 1, 4]);
    // user 7: item 1 at t=40 (its latest), then 3 and 4 at t=30 → the later row (4) first
    expect(Array.from(h.items, (d) => it.values[d])).toEqual([2, 1, 4, 3]);
  });

  test("without timestamps, later rows are more recent; string timestamps are rejected", () => {
    const u = denseIds(i32([1]));
    const it = denseIds(i32([1, 2]));
    const h = userHistory(table({ user: i32([1, 1]), item: i32([1, 2]) }), "t", u, it);
    expect(Array.from(h.items)).toEqual([1, 0]);
    expect(() => userHistory(table({ user: i32([1]), item: i32([1]), timestamp: ["x"] }), "t", u, it)).toThrow("t.timestamp holds strings");
  });
});
