import { describe, expect, test } from "bun:test";
import { seededRandom } from "../random/rng.ts";
import { expectClose, expectSameTopK, randomCsr } from "./test-support.ts";

describe("test support", () => {
  test("randomCsr makes valid sorted rows and keeps requested rows empty", () => {
    const x = randomCsr(seededRandom(1), 6, 9, 0.5, { emptyRows: [2] });
    expect(x.indptr[3]! - x.indptr[2]!).toBe(0);
    for (let r = 0; r < x.rows; r++) {
      for (let p = x.indptr[r]! + 1; p < x.indptr[r + 1]!; p++) expect(x.indices[p]!).toBeGreaterThan(x.indices[p - 1]!);
    }
    expect(x.values!.length).toBe(x.indices.length);
  });

  test("expectClose rejects NaN and errors above the tolerance", () => {
    expect(() => expectClose(new Float32Array([NaN]), new Float32Array([1]))).toThrow();
    expect(() => expectClose(new Float32Array([1.001]), new Float32Array([1]))).toThrow();
    expectClose(new Float32Array([-Infinity, 1 + 1e-7]), new Float32Array([-Infinity, 1]));
  });

  test("expectSameTopK allows swapped ties but not wrong ids", () => {
    const want = { rows: 1, k: 3, ids: new Int32Array([4, 7, 1]), scores: new Float32Array([2, 2, 1]) };
    expectSameTopK({ ...want, ids: new Int32Array([7, 4, 1]) }, want);
    expect(() => expectSameTopK({ ...want, ids: new Int32Array([4, 7, 2]) }, want)).toThrow();
  });
});
