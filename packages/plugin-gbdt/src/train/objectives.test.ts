import { expect, test } from "bun:test";
import { gradients, initialScore } from "./objectives.ts";

test("binary and L2 gradients are the derivatives of their losses", () => {
  const score = Float64Array.of(0, 2, -1), label = Float32Array.of(1, 0, 1);
  const g = new Float32Array(3), h = new Float32Array(3);
  gradients("binary", score, label, undefined, g, h, 30);
  const loss = (s: number, y: number) => -(y * Math.log(1 / (1 + Math.exp(-s))) + (1 - y) * Math.log(1 - 1 / (1 + Math.exp(-s))));
  for (let i = 0; i < 3; i++) {
    const e = 1e-4, s = score[i]!, y = label[i]!;
    expect(g[i]!).toBeCloseTo((loss(s + e, y) - loss(s - e, y)) / (2 * e), 5);
    expect(h[i]!).toBeCloseTo((loss(s + e, y) - 2 * loss(s, y) + loss(s - e, y)) / (e * e), 3);
  }
  gradients("regression", score, label, undefined, g, h, 30);
  expect([...g]).toEqual([-1, 2, -2]);
  expect(initialScore("binary", Float32Array.of(1, 0, 0, 0))).toBeCloseTo(Math.log(1 / 3), 12);
  expect(initialScore("regression", Float32Array.of(1, 2, 6))).toBe(3);
});

test("lambdarank: LightGBM's lambdas on a hand-computed pair; groups without relevant rows get none", () => {
  // One group: row 0 relevant (label 1), row 1 not, equal scores → |ΔNDCG| of swapping = 1 − 1/log2(3).
  const score = Float64Array.of(0, 0, 5, 5), label = Float32Array.of(1, 0, 0, 0), group = Int32Array.of(7, 7, 8, 8);
  const g = new Float32Array(4), h = new Float32Array(4);
  gradients("lambdarank", score, label, group, g, h, 30);
  const delta = 1 - 1 / Math.log2(3); // maxDCG = 1, best == worst score: no 1/(0.01 + |Δs|) scaling
  const lambda = -0.5 * delta, hess = 0.25 * delta;
  const sum = -2 * lambda, norm = Math.log2(1 + sum) / sum;
  expect(g[0]!).toBeCloseTo(lambda * norm, 6);
  expect(g[1]!).toBeCloseTo(-lambda * norm, 6);
  expect(h[0]!).toBeCloseTo(hess * norm, 6);
  expect([g[2], g[3], h[2], h[3]]).toEqual([0, 0, 0, 0]);
});
