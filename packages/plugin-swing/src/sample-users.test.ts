import { describe, expect, test } from "bun:test";
import type { Csr } from "@shortlist/core-gpu";
import { sampleItemUsers } from "./sample-users.ts";

/** nUsers users who all have item 0; user u also has item 1 when u is even. */
function matrix(nUsers: number): Csr {
  const indptr = new Int32Array(nUsers + 1);
  const indices: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    indices.push(0);
    if (u % 2 === 0) indices.push(1);
    indptr[u + 1] = indices.length;
  }
  return { rows: nUsers, cols: 2, indptr, indices: Int32Array.from(indices) };
}
const row = (c: Csr, i: number) => Array.from(c.indices.subarray(c.indptr[i]!, c.indptr[i + 1]!));

describe("sampleItemUsers", () => {
  test("items at or under the cap keep every user; larger ones get exactly cap distinct users of theirs, ascending", () => {
    const x = matrix(10);
    const { itemUsers, sampled } = sampleItemUsers(x, 5, 42, new Int32Array([100, 200]));
    expect(row(itemUsers, 1)).toEqual([0, 2, 4, 6, 8]);
    const s = row(itemUsers, 0);
    expect(s.length).toBe(5);
    expect(new Set(s).size).toBe(5);
    expect(s).toEqual([...s].sort((a, b) => a - b));
    expect(sampled).toBe(1);
  });

  test("the same seed repeats the sample, another seed changes it, and other items do not affect it", () => {
    const ids = new Int32Array([100, 200]);
    const a = row(sampleItemUsers(matrix(50), 10, 7, ids).itemUsers, 0);
    expect(row(sampleItemUsers(matrix(50), 10, 7, ids).itemUsers, 0)).toEqual(a);
    expect(row(sampleItemUsers(matrix(50), 10, 8, ids).itemUsers, 0)).not.toEqual(a);
    // item 0 keyed by its raw id 100 in a matrix where item 1 is now sampled too
    expect(row(sampleItemUsers(matrix(50), 10, 7, new Int32Array([100, 999])).itemUsers, 0)).toEqual(a);
  });

  test("every user is about equally likely to be kept (reservoir sampling is uniform)", () => {
    const x = matrix(20);
    const hits = new Array<number>(20).fill(0);
    const runs = 4000;
    for (let s = 0; s < runs; s++) for (const u of row(sampleItemUsers(x, 5, s, new Int32Array([1, 2])).itemUsers, 0)) hits[u]!++;
    // expected 4000 · 5/20 = 1000 per user; binomial sd ≈ 27
    for (const h of hits) expect(Math.abs(h - 1000)).toBeLessThan(150);
  });
});
