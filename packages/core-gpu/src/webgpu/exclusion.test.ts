import { describe, expect, test } from "bun:test";
import type { Csr } from "../types.ts";
import { restrictColumns, rowBlocks } from "./exclusion.ts";

const x: Csr = { rows: 3, cols: 10, indptr: new Int32Array([0, 3, 3, 7]), indices: new Int32Array([1, 4, 9, 0, 2, 5, 6]) };

describe("exclusions", () => {
  test("restrictColumns keeps the entries of a column range, with global columns", () => {
    const r = restrictColumns(x, 2, 6);
    expect(Array.from(r.indptr)).toEqual([0, 1, 1, 3]);
    expect(Array.from(r.indices)).toEqual([4, 2, 5]);
  });

  test("rowBlocks bounds rows and entries per block, covering every row", () => {
    expect(rowBlocks(3, 10, x, 4)).toEqual([{ start: 0, end: 2 }, { start: 2, end: 3 }]);
    expect(rowBlocks(3, 2, undefined, 0)).toEqual([{ start: 0, end: 2 }, { start: 2, end: 3 }]);
    // A row above the entry bound still gets a block of its own.
    expect(rowBlocks(3, 10, x, 1)).toEqual([{ start: 0, end: 1 }, { start: 1, end: 2 }, { start: 2, end: 3 }]);
  });
});
