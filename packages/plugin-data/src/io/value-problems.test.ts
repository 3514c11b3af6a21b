import { expect, test } from "bun:test";
import { intField, intProblem } from "./value-problems.ts";

test("past int32 is too large (or small), not 'not an integer'", () => {
  expect(intProblem("3000000000")).toBe('"3000000000" is too large: at most 2147483647');
  expect(intProblem(" +2147483648 ")).toBe('" +2147483648 " is too large: at most 2147483647');
  expect(intProblem("-2147483649")).toBe('"-2147483649" is too small: at least -2147483648');
  expect(intProblem("4.5")).toBe('"4.5" is not an integer');
  expect(intProblem("\ufeff9")).toBe('"\\ufeff9" is not an integer');
  expect(intField("2147483647")).toBe(2147483647);
  expect(intField("2147483648")).toBeNull();
});
