import { describe, expect, test } from "bun:test";
import type { Csr } from "../types.ts";
import { compactItems, compactTransform, expandDense, expandTopK } from "./cooccurrence-compact.ts";

// 2 users over 6 items; items 0, 2 and 4 have no entries.
const x: Csr = { rows: 2, cols: 6, indptr: Int32Array.from([0, 2, 4]), indices: Int32Array.from([1, 5, 3, 5]), values: Float32Array.from([1, 2, 3, 4]) };

describe("item compaction", () => {
  test("renumbers active items in id order and keeps rows sorted; none when all are active", () => {
    const c = compactItems(x)!;
    expect(Array.from(c.ids)).toEqual([1, 3, 5]);
    expect(Array.from(c.x.indices)).toEqual([0, 2, 1, 2]);
    expect(c.x.cols).toBe(3);
    expect(c.x.values).toBe(x.values);
    expect(compactItems({ ...x, cols: 2, indices: Int32Array.from([0, 1, 0, 1]) })).toBeUndefined();
  });

  test("restricts rowStat to active items", () => {
    const t = compactTransform({ kind: "cosine", rowStat: Float32Array.from([0, 10, 0, 30, 0, 50]), shrink: 2 }, Int32Array.from([1, 3, 5]));
    expect(t).toEqual({ kind: "cosine", rowStat: Float32Array.from([10, 30, 50]), shrink: 2 });
    expect(compactTransform({ kind: "none" }, Int32Array.from([1]))).toEqual({ kind: "none" });
  });

  test("maps compact results back to rows and ids of the full catalogue", () => {
    const out = { rows: 6, k: 2, ids: new Int32Array(12).fill(-1), scores: new Float32Array(12).fill(-Infinity) };
    expandTopK({ rows: 3, k: 2, ids: Int32Array.from([2, -1, 2, 0, 0, 1]), scores: Float32Array.from([4, -Infinity, 3, 1, 4, 3]) }, Int32Array.from([1, 3, 5]), out);
    expect(Array.from(out.ids)).toEqual([-1, -1, 5, -1, -1, -1, 5, 1, -1, -1, 1, 3]);
    const full = new Float32Array(16);
    expandDense(Float32Array.from([1, 2, 3, 4]), Int32Array.from([0, 3]), full, 4);
    expect(Array.from(full)).toEqual([1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 4]);
  });
});
