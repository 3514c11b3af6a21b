import { describe, expect, test } from "bun:test";
import { table } from "../artifacts.ts";
import { UserError } from "../errors.ts";
import { concatIds, denseIds, intIds } from "./ids.ts";

const i32 = (a: number[]) => new Int32Array(a);

describe("denseIds", () => {
  test("maps sorted distinct ids to 0..n-1, for compact and for sparse id ranges", () => {
    const compact = denseIds(i32([30, 10, 30, 20]));
    expect(Array.from(compact.values)).toEqual([10, 20, 30]);
    expect([30, 10, 20].map((v) => compact.index(v))).toEqual([2, 0, 1]);
    expect(Array.from(compact.map(i32([20, 30])))).toEqual([1, 2]);
    const sparse = denseIds(i32([2_000_000_000, -5, 7]));
    expect(Array.from(sparse.values)).toEqual([-5, 7, 2_000_000_000]);
    expect(sparse.index(2_000_000_000)).toBe(2);
    expect(Array.from(sparse.map(i32([7, -5])))).toEqual([1, 0]);
  });
});

describe("intIds", () => {
  test("passes Int32 columns through, converts whole floats, refuses strings and fractions", () => {
    const ids = i32([4, 5]);
    expect(intIds(table({ user: ids }), "user", "t")).toBe(ids);
    expect(Array.from(intIds(table({ user: new Float64Array([1, 2]) }), "user", "t"))).toEqual([1, 2]);
    expect(() => intIds(table({ user: ["a"] }), "user", "t")).toThrow(UserError);
    expect(() => intIds(table({ user: new Float64Array([1.5]) }), "user", "t")).toThrow(/row 0: found 1.5/);
    expect(() => intIds(table({ item: ids }), "user", "t")).toThrow(/no column "user"/);
  });
});

test("concatIds joins id columns end to end, empty parts included", () => {
  expect(concatIds([i32([3, 1]), i32([]), i32([7])])).toEqual(i32([3, 1, 7]));
  expect(concatIds([])).toEqual(i32([]));
});
