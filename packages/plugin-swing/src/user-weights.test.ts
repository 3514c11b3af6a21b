import { describe, expect, test } from "bun:test";
import { popularityDiscount, swingUserWeights } from "./user-weights.ts";

describe("swingUserWeights", () => {
  test("(|I_u| + α1)^(−β) per user; β = 0 gives 1", () => {
    const x = { rows: 2, cols: 3, indptr: new Int32Array([0, 1, 4]), indices: new Int32Array([0, 0, 1, 2]) };
    const w = swingUserWeights(x, 5, 0.5);
    expect(w[0]).toBeCloseTo(1 / Math.sqrt(6), 6);
    expect(w[1]).toBeCloseTo(1 / Math.sqrt(8), 6);
    expect(Array.from(swingUserWeights(x, 5, 0))).toEqual([1, 1]);
  });
});

describe("popularityDiscount", () => {
  test("|U_j|^(−γ) per item; γ = 0 and items without users give 1", () => {
    const x = { rows: 2, cols: 3, indptr: new Int32Array([0, 1, 3]), indices: new Int32Array([0, 0, 1]) };
    const c = popularityDiscount(x, 1.5);
    expect(c[0]).toBeCloseTo(Math.pow(2, -1.5), 6);
    expect(c[1]).toBe(1);
    expect(c[2]).toBe(1);
    expect(Array.from(popularityDiscount(x, 0))).toEqual([1, 1, 1]);
  });
});
