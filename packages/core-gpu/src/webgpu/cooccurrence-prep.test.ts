import { describe, expect, test } from "bun:test";
import type { Csr } from "../types.ts";
import { userChunks } from "./cooccurrence-prep.ts";

// users × items: u0 {0, 2}, u1 {}, u2 {1, 2, 3}
const x: Csr = { rows: 3, cols: 4, indptr: Int32Array.from([0, 2, 2, 5]), indices: Int32Array.from([0, 2, 1, 2, 3]), values: Float32Array.from([1, 2, 3, 4, 5]) };

describe("userChunks", () => {
  test("one chunk when everything fits: item-major entries with w·x", () => {
    const [c, ...rest] = userChunks(x, Float32Array.from([10, 20, 30]), 1 << 20);
    expect(rest).toHaveLength(0);
    expect(Array.from(c!.cscPtr)).toEqual([0, 1, 2, 4, 5]);
    expect(Array.from(c!.cscUser)).toEqual([0, 2, 0, 2, 2]);
    expect(Array.from(c!.cscWeight)).toEqual([10, 90, 20, 120, 150]);
  });

  test("chunks bound entries and indptr, cover every user once, and rebase users", () => {
    const chunks = userChunks(x, undefined, 3);
    expect(chunks.map((c) => c.indices.length)).toEqual([2, 3]);
    expect(chunks.map((c) => c.base)).toEqual([0, 2]);
    expect(Array.from(chunks[1]!.indptr)).toEqual([2, 5]);
    expect(Array.from(chunks[1]!.cscUser)).toEqual([0, 0, 0]);
    expect(Array.from(chunks[0]!.values)).toEqual([1, 2]);
    for (const c of chunks) expect(c.indptr.length).toBeLessThanOrEqual(3);
  });

  test("a CSR without values counts every entry as 1", () => {
    const [c] = userChunks({ ...x, values: undefined }, undefined, 100);
    expect(Array.from(c!.values)).toEqual([1, 1, 1, 1, 1]);
  });
});
