import { describe, expect, test } from "bun:test";
import { table, UserError } from "@shortlist/runner";
import { userItemMatrix } from "./user-items.ts";

const i32 = (a: number[]) => new Int32Array(a);

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
