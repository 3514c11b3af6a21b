import { describe, expect, test } from "bun:test";
import { table } from "@shortlist/runner";
import { denseIds } from "@shortlist/runner/recsys";
import { Rng } from "@shortlist/core-gpu/random";
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

  test("sorted by item or not, each item's list is its rows in table order (random tables)", () => {
    const rng = new Rng(5);
    for (let round = 0; round < 100; round++) {
      const n = rng.int(40);
      const item = i32(Array.from({ length: n }, () => 100 + rng.int(8)));
      if (rng.int(2)) item.sort(); // the usual, sorted, layout half the time
      const neighbour = i32(Array.from({ length: n }, () => 100 + rng.int(8)));
      const score = Float32Array.from({ length: n }, () => rng.float());
      const d = denseIds(i32([...item, ...neighbour]));
      const l = neighbourLists(table({ item, neighbour, score }), "i2i.x", d);
      for (let k = 0; k < d.values.length; k++) {
        const rows = Array.from(item.keys()).filter((r) => item[r] === d.values[k]);
        expect(Array.from(l.ids.subarray(l.start[k]!, l.start[k + 1]!))).toEqual(rows.map((r) => d.index(neighbour[r]!)));
        expect(Array.from(l.scores.subarray(l.start[k]!, l.start[k + 1]!))).toEqual(rows.map((r) => score[r]!));
      }
      expect(l.start[d.values.length]).toBe(n);
    }
  });

  test("missing columns, string and NaN scores are user errors", () => {
    const d = denseIds(i32([1]));
    expect(() => neighbourLists(table({ item: i32([1]), neighbour: i32([1]) }), "i2i.x", d)).toThrow('i2i.x has no column "score"');
    expect(() => neighbourLists(table({ item: i32([1]), neighbour: i32([1]), score: ["a"] }), "i2i.x", d)).toThrow("holds strings");
    expect(() => neighbourLists(table({ item: i32([1]), neighbour: i32([1]), score: new Float32Array([NaN]) }), "i2i.x", d)).toThrow("NaN");
  });
});
