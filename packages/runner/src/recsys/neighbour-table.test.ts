import { describe, expect, test } from "bun:test";
import { neighbourTable } from "./neighbour-table.ts";

describe("neighbourTable", () => {
  test("long form over raw ids, sorted by item then rank, empty slots dropped", () => {
    const top = { rows: 3, k: 2, ids: new Int32Array([2, 1, -1, -1, 0, -1]), scores: new Float32Array([0.9, 0.5, -Infinity, -Infinity, 0.25, -Infinity]) };
    const t = neighbourTable(top, new Int32Array([100, 200, 300]));
    expect(t.length).toBe(3);
    expect(Array.from(t.columns.item as Int32Array)).toEqual([100, 100, 300]);
    expect(Array.from(t.columns.rank as Int32Array)).toEqual([0, 1, 0]);
    expect(Array.from(t.columns.neighbour as Int32Array)).toEqual([300, 200, 100]);
    expect(Array.from(t.columns.score as Float32Array)).toEqual([Math.fround(0.9), 0.5, 0.25]);
  });
});
