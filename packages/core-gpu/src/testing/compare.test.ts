import { expect, test } from "bun:test";
import type { TopK } from "../types.ts";
import { firstMismatch, topKMismatch, type TopKTruth } from "./compare.ts";

const topk = (ids: number[], scores: number[]): TopK => ({ rows: 1, k: ids.length, ids: Int32Array.from(ids), scores: Float32Array.from(scores) });
const truth = (s: number[], tol = 0): TopKTruth => ({ score: (_r, id) => s[id], tol: () => tol });

test("firstMismatch scales with Σ|terms| and never accepts NaN", () => {
  const want = new Float32Array([1, 2, -Infinity]);
  expect(firstMismatch(new Float32Array([1 + 1e-6, 2, -Infinity]), want, [1, 1, 0])).toBe(-1);
  expect(firstMismatch(new Float32Array([1 + 1e-3, 2, -Infinity]), want, [1, 1, 0])).toBe(0);
  expect(firstMismatch(new Float32Array([1, NaN, -Infinity]), want, [1, 1e9, 0])).toBe(1);
});

test("topKMismatch accepts a swap only between tied scores", () => {
  const want = topk([0, 1, 2], [3, 3, 1]);
  expect(topKMismatch(topk([0, 1, 2], [3, 3, 1]), want, truth([3, 3, 1]))).toBeNull();
  // A backend that rounds item 1 up to 3.0000002 may rank it first: tied within tolerance.
  expect(topKMismatch(topk([1, 0, 2], [3.0000002, 3, 1]), want, truth([3, 3, 1], 1e-6))).toBeNull();
  expect(topKMismatch(topk([0, 2, 1], [3, 1, 3]), want, truth([3, 3, 1]))).toMatch(/slot 1/);
  expect(topKMismatch(topk([0, 0, 2], [3, 3, 1]), want, truth([3, 3, 1]))).toMatch(/repeated/);
  expect(topKMismatch(topk([0, 1, -1], [3, 3, -Infinity]), want, truth([3, 3, 1]))).toMatch(/slot 2/);
  expect(topKMismatch(topk([0, 1, 2], [3, 3, 1.5]), want, truth([3, 3, 1]))).toMatch(/true score/);
  // Exactly equal scores must come in id order.
  expect(topKMismatch(topk([1, 0, 2], [3, 3, 1]), want, truth([3, 3, 1]))).toMatch(/order/);
});
