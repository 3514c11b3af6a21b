import { expect, test } from "bun:test";
import { table } from "../artifacts.ts";
import { UserError } from "../errors.ts";
import { groupRows, rowTimes } from "./group-rows.ts";

test("groupRows keeps row order within each group and leaves empty groups empty", () => {
  const { start, rows } = groupRows(Int32Array.of(2, 0, 2, 1, 0, 2), 4);
  expect(Array.from(start)).toEqual([0, 2, 3, 6, 6]);
  expect(Array.from(rows)).toEqual([1, 4, 3, 0, 2, 5]);
});

test("groupRows on random keys: every row once, in its key's group, ascending", () => {
  const keys = Int32Array.from({ length: 5000 }, () => Math.floor(Math.random() * 37));
  const { start, rows } = groupRows(keys, 40);
  expect(start[40]).toBe(5000);
  expect(new Set(rows).size).toBe(5000);
  for (let g = 0; g < 40; g++) {
    for (let p = start[g]!; p < start[g + 1]!; p++) {
      expect(keys[rows[p]!]).toBe(g);
      if (p > start[g]!) expect(rows[p]!).toBeGreaterThan(rows[p - 1]!);
    }
  }
});

test("rowTimes: the timestamp column, else row numbers; strings are a UserError", () => {
  const ts = Int32Array.of(50, 10, 30);
  expect(rowTimes(table({ user: Int32Array.of(1, 1, 1), timestamp: ts }), "t")).toBe(ts);
  expect(Array.from(rowTimes(table({ user: Int32Array.of(1, 1, 1) }), "t"))).toEqual([0, 1, 2]);
  expect(() => rowTimes(table({ user: Int32Array.of(1), timestamp: ["x"] }), "split.train")).toThrow(UserError);
  expect(() => rowTimes(table({ user: Int32Array.of(1), timestamp: ["x"] }), "split.train")).toThrow("split.train.timestamp holds strings");
});
