import { describe, expect, test } from "bun:test";
import { table } from "@shortlist/runner";
import { denseIds } from "@shortlist/runner/recsys";
import { neighbourLists } from "./neighbour-lists.ts";

const i32 = (a: number[]) => new Int32Array(a);

describe("neighbourLists", () => {
  test("groups rows by item over dense ids, keeping row order within an item", () => {
    const t = table({ item: i32([30, 10, 30]), rank: i32([0, 0, 1]), neighbour: i32([10, 30, 20]), score: new Float32Array([0.9, 0.8, 0.1]) });
    const d = denseIds(i32([10, 20, 30]));
    const l = neighbourLists(t, "i2i.x", d);
    expect(Array.from(l.start)).toEqual([0, 1, 1, 3]);
    expect(Array.from(l.ids)).toEqual([2, 0, 1]);
    expect(Array.from(l.scores)).toEqual([Math.fround(0.8), Math.fround(0.9), Math.fround(0.1)]);
  });

  test("missing columns, string and NaN scores are user errors", () => {
    const d = denseIds(i32([1]));
    expect(() => neighbourLists(table({ item: i32([1]), neighbour: i32([1]) }), "i2i.x", d)).toThrow('i2i.x has no column "score"');
    expect(() => neighbourLists(table({ item: i32([1]), neighbour: i32([1]), score: ["a"] }), "i2i.x", d)).toThrow("holds strings");
    expect(() => neighbourLists(table({ item: i32([1]), neighbour: i32([1]), score: new Float32Array([NaN]) }), "i2i.x", d)).toThrow("NaN");
  });
});
