import { describe, expect, test } from "bun:test";
import { table } from "@shortlist/runner";
import { recentUserItems } from "./recent-items.ts";

const i32 = (a: number[]) => new Int32Array(a);
const rowsOf = (r: ReturnType<typeof recentUserItems>) =>
  Array.from({ length: r.x.rows }, (_, u) => Array.from(r.x.indices.subarray(r.x.indptr[u]!, r.x.indptr[u + 1]!), (d) => r.items[d]));

describe("recentUserItems", () => {
  test("keeps each user's latest distinct items, ties in time by later row", () => {
    const t = table({
      user: i32([1, 1, 1, 1, 2, 2]),
      item: i32([10, 20, 30, 40, 10, 20]),
      timestamp: i32([5, 9, 7, 7, 1, 2]),
    });
    const r = recentUserItems(t, "split.train", 2);
    // user 1: 20 (t=9), then 30 and 40 tie at t=7 → the later row (40) wins
    expect(rowsOf(r)).toEqual([[20, 40], [10, 20]]);
    expect(r.truncated).toBe(1);
    expect(Array.from(r.items)).toEqual([10, 20, 30, 40]);
  });

  test("a repeated item counts once, at its latest time; without timestamps later rows are more recent", () => {
    const t = table({ user: i32([1, 1, 1, 1]), item: i32([10, 20, 10, 30]) });
    expect(rowsOf(recentUserItems(t, "t", 2))).toEqual([[10, 30]]);
    expect(rowsOf(recentUserItems(t, "t", 5))).toEqual([[10, 20, 30]]);
  });

  test("string timestamps and empty tables are user errors", () => {
    expect(() => recentUserItems(table({ user: i32([1]), item: i32([1]), timestamp: ["x"] }), "t", 5)).toThrow("t.timestamp holds strings");
    expect(() => recentUserItems(table({ user: i32([]), item: i32([]) }), "t", 5)).toThrow("t has no rows");
  });
});
