import { expect, test } from "bun:test";
import { ConfigError, editDistance, nearest } from "./config-error.ts";

test("edit distance and nearest-name suggestions", () => {
  expect(editDistance("kitten", "sitting")).toBe(3);
  expect(editDistance("", "abc")).toBe(3);
  expect(nearest("neighbors", ["neighbours", "shrink", "alpha"])).toBe("neighbours");
  expect(nearest("zzzzzz", ["neighbours", "shrink"])).toBeUndefined();
});

test("message names file:line:col, path, expectation and fix", () => {
  const e = new ConfigError({ file: "p.yaml", line: 3, col: 7 }, "stages[0].with.k", "expected a number", "an integer", "write k: 10");
  expect(e.message).toBe("p.yaml:3:7: stages[0].with.k: expected a number\n  expected: an integer\n  fix: write k: 10");
});
