import { describe, expect, test } from "bun:test";
import type { Csr } from "../types.ts";
import { referenceSwingTopN } from "./reference.ts";

// u0: {0,1,2}, u1: {0,1}, u2: {1,2}
const x: Csr = { rows: 3, cols: 3, indptr: new Int32Array([0, 3, 5, 7]), indices: new Int32Array([0, 1, 2, 0, 1, 1, 2]) };
const row = (t: { ids: Int32Array; scores: Float32Array; k: number }, r: number) => ({
  ids: Array.from(t.ids.subarray(r * t.k, (r + 1) * t.k)),
  scores: Array.from(t.scores.subarray(r * t.k, (r + 1) * t.k)),
});

describe("referenceSwingTopN", () => {
  test("hand-computed scores: pairs weighted by 2/(α + overlap), ties by lower id", () => {
    const out = referenceSwingTopN(x, { topN: 2, alpha: 1 });
    // item 0: pair (u0,u1) overlaps {0,1} → s(0,1) = 2/3; item 2 shares no pair with item 0.
    expect(row(out, 0).ids).toEqual([1, -1]);
    expect(row(out, 0).scores[0]).toBeCloseTo(2 / 3, 6);
    // item 1: (u0,u1) → item 0 += 2/3, (u0,u2) → item 2 += 2/3, (u1,u2) overlaps only in item 1.
    expect(row(out, 1).ids).toEqual([0, 2]);
    expect(row(out, 1).scores[1]).toBeCloseTo(2 / 3, 6);
    expect(row(out, 2).ids).toEqual([1, -1]);
  });

  test("user weights multiply each pair's contribution", () => {
    const out = referenceSwingTopN(x, { topN: 2, alpha: 1, userWeights: new Float32Array([1, 2, 0.5]) });
    expect(row(out, 1).ids).toEqual([0, 2]);
    expect(row(out, 1).scores[0]).toBeCloseTo(4 / 3, 6);
    expect(row(out, 1).scores[1]).toBeCloseTo(1 / 3, 6);
  });

  test("candidate weights scale each neighbour's score and can reorder a list", () => {
    // item 1's neighbours 0 and 2 tie at 2/3; weighting item 2 by 3 puts it first at 2.
    const out = referenceSwingTopN(x, { topN: 2, alpha: 1, candidateWeights: new Float32Array([1, 1, 3]) });
    expect(row(out, 1).ids).toEqual([2, 0]);
    expect(row(out, 1).scores[0]).toBeCloseTo(2, 6);
    expect(() => referenceSwingTopN(x, { topN: 2, alpha: 1, candidateWeights: new Float32Array([1, 1]) })).toThrow("swing candidateWeights length");
  });

  test("itemUsers restricts the pairs that score an item", () => {
    // item 1 scored only by the pair (u1, u2), whose overlap is item 1 alone: no neighbours.
    const itemUsers: Csr = { rows: 3, cols: 3, indptr: new Int32Array([0, 2, 4, 6]), indices: new Int32Array([0, 1, 1, 2, 0, 2]) };
    const out = referenceSwingTopN(x, { topN: 2, alpha: 1, itemUsers });
    expect(row(out, 1).ids).toEqual([-1, -1]);
    expect(row(out, 0).ids).toEqual([1, -1]);
  });

  test("rejects itemUsers listing a user without the item, and bad alpha", () => {
    const bad: Csr = { rows: 3, cols: 3, indptr: new Int32Array([0, 2, 2, 2]), indices: new Int32Array([0, 2]) };
    expect(() => referenceSwingTopN(x, { topN: 2, alpha: 1, itemUsers: bad })).toThrow("expected only users that have item 0");
    expect(() => referenceSwingTopN(x, { topN: 2, alpha: -1 })).toThrow("swing alpha: found -1");
    expect(() => referenceSwingTopN(x, { topN: 2, alpha: 1, userWeights: new Float32Array([1, 0, 1]) })).toThrow("userWeights[1]");
  });
});
