import { describe, expect, test } from "bun:test";
import { auc } from "./auc.ts";

/** O(P·N) definition, to check the sorted sweep on random data. */
function pairwiseAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  let u = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      u += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return u / pairs;
}

describe("auc", () => {
  test("hand-computed value with a tie across classes", () => {
    expect(auc([1, 0, 1, 0], [0.9, 0.3, 0.3, 0.1])).toBeCloseTo(3.5 / 4, 12);
  });
  test("perfect, reversed and all-tied scores", () => {
    expect(auc([1, 1, 0], [3, 2, 1])).toBe(1);
    expect(auc([1, 1, 0], [1, 2, 3])).toBe(0);
    expect(auc([1, 0, 0, 1], [5, 5, 5, 5])).toBe(0.5);
  });
  test("one class only is undefined", () => {
    expect(auc([1, 1], [0.1, 0.2])).toBeNaN();
    expect(auc([], [])).toBeNaN();
  });
  test("matches the pairwise definition on random scores with many ties", () => {
    let s = 7;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    const labels: number[] = [];
    const scores: number[] = [];
    for (let i = 0; i < 500; i++) {
      labels.push(rnd() < 0.3 ? 1 : 0);
      scores.push(Math.floor(rnd() * 20) / 20);
    }
    expect(auc(labels, scores)).toBeCloseTo(pairwiseAuc(labels, scores), 12);
  });
  test("NaN scores are an error", () => {
    expect(() => auc([1, 0], [NaN, 0])).toThrow(/NaN/);
  });
});
