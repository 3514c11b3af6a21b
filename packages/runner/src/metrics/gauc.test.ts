import { describe, expect, test } from "bun:test";
import { gauc } from "./gauc.ts";

const i32 = (a: number[]) => new Int32Array(a);

describe("gauc", () => {
  test("per-user AUC weighted by samples; one-class users left out", () => {
    // user 1: AUC 1 over 3 rows; user 2: AUC 0 over 2 rows; user 3: positives only.
    const r = gauc(i32([1, 1, 1, 2, 2, 3]), [1, 0, 0, 1, 0, 1], [0.9, 0.1, 0.2, 0.2, 0.8, 0.5]);
    expect(r.users).toBe(2);
    expect(r.gauc).toBeCloseTo((3 * 1 + 2 * 0) / 5, 12);
  });
  test("ties inside a user count half; rows of a user need not be adjacent", () => {
    const r = gauc(i32([4, 5, 4, 5]), [1, 1, 0, 0], [0.5, 0.7, 0.5, 0.1]);
    expect(r.gauc).toBeCloseTo((0.5 * 2 + 1 * 2) / 4, 12);
  });
  test("no user with both classes is undefined", () => {
    expect(gauc(i32([1, 2]), [1, 0], [0.3, 0.4]).gauc).toBeNaN();
  });
});
