import { describe, expect, test } from "bun:test";
import { userActivity } from "./world.ts";

describe("userActivity", () => {
  test("sums to the exact total, floors at 20, caps at half the catalogue", () => {
    const a = userActivity({ users: 500, items: 300, ratings: 40_000 }, 1, 0.9);
    expect(a.reduce((x, y) => x + y, 0)).toBe(40_000);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...a)).toBeLessThanOrEqual(150);
    expect(Math.max(...a)).toBe(150); // this skew pushes some users to the cap
  });
  test("fewer ratings than users leaves some users without any", () => {
    const a = userActivity({ users: 2000, items: 100, ratings: 1000 }, 1, 0.9);
    expect(a.reduce((x, y) => x + y, 0)).toBe(1000);
    expect(a.filter((x) => x === 0).length).toBeGreaterThan(0);
  });
  test("too many ratings for the catalogue is refused with the limit", () => {
    expect(() => userActivity({ users: 10, items: 20, ratings: 1000 }, 1, 0.9)).toThrow(/at most half the items: 100/);
  });
});
