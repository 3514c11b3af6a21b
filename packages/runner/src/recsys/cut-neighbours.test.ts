import { describe, expect, test } from "bun:test";
import { table } from "../artifacts.ts";
import { cutNeighbours, neighboursDerive, sameButNeighbours } from "./cut-neighbours.ts";

// item 1: 3 neighbours, item 2: 1, item 3: 2
const t = table({ item: Int32Array.of(1, 1, 1, 2, 3, 3), rank: Int32Array.of(0, 1, 2, 0, 0, 1), neighbour: Int32Array.of(2, 3, 4, 1, 1, 4), score: Float32Array.of(0.9, 0.5, 0.5, 0.7, 0.6, 0.2) });

describe("cutNeighbours", () => {
  test("keeps each item's first n rows, column types and order", () => {
    const c = cutNeighbours(t, 2);
    expect(Array.from(c.columns.item as Int32Array)).toEqual([1, 1, 2, 3, 3]);
    expect(Array.from(c.columns.neighbour as Int32Array)).toEqual([2, 3, 1, 1, 4]);
    expect(c.columns.score).toBeInstanceOf(Float32Array);
    expect(cutNeighbours(t, 1).length).toBe(3);
    expect(cutNeighbours(t, 9).length).toBe(6);
  });

  test("neighboursDerive covers fewer neighbours with the other options equal", () => {
    const o = { neighbours: 3, output: "i2i.x", alpha: 1 };
    expect(neighboursDerive.covers(o, { ...o, neighbours: 2 })).toBe(true);
    expect(neighboursDerive.covers({ ...o, neighbours: 2 }, o)).toBe(false);
    expect(neighboursDerive.covers(o, { ...o, neighbours: 1, alpha: 2 } as typeof o)).toBe(false);
    expect(neighboursDerive.derive({ "i2i.x": t }, o, { ...o, neighbours: 1 })["i2i.x"]!.kind).toBe("table");
    expect(sameButNeighbours({ a: [1], neighbours: 1 }, { a: [1], neighbours: 2 })).toBe(true);
    expect(sameButNeighbours({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});
