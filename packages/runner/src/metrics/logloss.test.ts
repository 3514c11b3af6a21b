import { describe, expect, test } from "bun:test";
import { logloss } from "./logloss.ts";

describe("logloss", () => {
  test("hand-computed mean", () => {
    expect(logloss([1, 0], [0.8, 0.2])).toBeCloseTo(-Math.log(0.8), 12);
    expect(logloss([1, 0, 1], [0.5, 0.5, 0.9])).toBeCloseTo((2 * Math.log(2) - Math.log(0.9)) / 3, 12);
  });
  test("a confident wrong score is clipped at 1e-15, not infinite", () => {
    expect(logloss([1], [0])).toBeCloseTo(-Math.log(1e-15), 9);
    expect(logloss([0], [1])).toBeCloseTo(-Math.log(1e-15), 1);
  });
  test("scores outside [0, 1] are an error naming the row", () => {
    expect(() => logloss([1, 0], [0.5, 1.5])).toThrow(/1\.5 at row 1/);
  });
  test("empty input is undefined", () => {
    expect(logloss([], [])).toBeNaN();
  });
});
