import { expect, test } from "bun:test";
import { checkTransform, pairScorer } from "./transform.ts";

const rs = new Float32Array([4, 9]);

test("the formulas of types.ts", () => {
  expect(pairScorer(undefined)(3, 0, 1)).toBe(3);
  expect(pairScorer({ kind: "none" })(3, 0, 1)).toBe(3);
  expect(pairScorer({ kind: "cosine", rowStat: rs, shrink: 4 })(20, 0, 1)).toBe(20 / 40);
  expect(pairScorer({ kind: "jaccard", rowStat: rs })(3, 0, 1)).toBe(3 / 10);
  expect(pairScorer({ kind: "asymmetric", rowStat: rs, alpha: 0.5, shrink: 1 })(7, 0, 1)).toBe(1);
});

test("rowStat must cover the catalogue", () => {
  expect(() => checkTransform({ kind: "cosine", rowStat: rs }, 3)).toThrow(RangeError);
  expect(() => checkTransform({ kind: "none" }, 3)).not.toThrow();
});
