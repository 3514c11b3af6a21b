import { describe, expect, test } from "bun:test";
import { table } from "../artifacts.ts";
import { UserError } from "../errors.ts";
import { userItemMatrix } from "./user-items.ts";

const i32 = (a: number[]) => new Int32Array(a);
const rowsOf = (r: ReturnType<typeof userItemMatrix>) =>
  Array.from({ length: r.x.rows }, (_, u) => Array.from(r.x.indices.subarray(r.x.indptr[u]!, r.x.indptr[u + 1]!), (d) => r.items[d]));

describe("userItemMatrix with a cap", () => {
  test("keeps each user's latest distinct items, ties in time by later row", () => {
    const t = table({
      user: i32([1, 1, 1, 1, 2, 2]),
      item: i32([10, 20, 30, 40, 10, 20]),
      timestamp: i32([5, 9, 7, 7, 1, 2]),
    });
    const r = userItemMatrix(t, "split.train", 2);
    // user 1: 20 (t=9), then 30 and 40 tie at t=7 → the later row (40) wins
    expect(rowsOf(r)).toEqual([[20, 40], [10, 20]]);
    expect(r.truncated).toBe(1);
    expect(Array.from(r.items)).toEqual([10, 20, 30, 40]);
  });

  test("a repeated item counts once, at its latest time; without timestamps later rows are more recent", () => {
    const t = table({ user: i32([1, 1, 1, 1]), item: i32([10, 20, 10, 30]) });
    expect(rowsOf(userItemMatrix(t, "t", 2))).toEqual([[10, 30]]);
    expect(rowsOf(userItemMatrix(t, "t", 5))).toEqual([[10, 20, 30]]);
  });

  test("string timestamps and empty tables are user errors", () => {
    expect(() => userItemMatrix(table({ user: i32([1]), item: i32([1]), timestamp: ["x"] }), "t", 5)).toThrow("t.timestamp holds strings");
    expect(() => userItemMatrix(table({ user: i32([]), item: i32([]) }), "t", 5)).toThrow("t has no rows");
  });
});

describe("userItemMatrix", () => {
  test("builds a deduplicated CSR with rows and columns in raw-id order", () => {
    const t = table({ user: i32([9, 4, 9, 9]), item: i32([50, 70, 60, 50]) });
    const { users, items, x } = userItemMatrix(t, "split.train");
    expect(Array.from(users)).toEqual([4, 9]);
    expect(Array.from(items)).toEqual([50, 60, 70]);
    expect(Array.from(x.indptr)).toEqual([0, 1, 3]);
    expect(Array.from(x.indices)).toEqual([2, 0, 1]);
  });

  test("accepts float id columns holding integers, rejects strings, fractions and empty tables", () => {
    const ok = userItemMatrix(table({ user: new Float64Array([1, 2]), item: new Float32Array([3, 3]) }), "t");
    expect(ok.x.cols).toBe(1);
    expect(() => userItemMatrix(table({ user: ["a"], item: i32([1]) }), "t")).toThrow("t.user holds strings");
    expect(() => userItemMatrix(table({ user: new Float64Array([1.5]), item: i32([1]) }), "t")).toThrow("t.user row 0: found 1.5");
    expect(() => userItemMatrix(table({ user: i32([]), item: i32([]) }), "t")).toThrow(UserError);
    expect(() => userItemMatrix(table({ user: i32([1]) }), "t")).toThrow('t has no column "item"');
  });
});
