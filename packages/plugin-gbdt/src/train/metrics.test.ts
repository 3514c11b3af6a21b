import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import { auc, groupRanges, logloss, metricByName, ndcgAt } from "./metrics.ts";

test("auc equals the pair-counting definition on random scores with ties", () => {
  const r = new Rng(1);
  const n = 300;
  const score = Float64Array.from({ length: n }, () => r.int(20));
  const label = Float32Array.from({ length: n }, () => (r.float() < 0.3 ? 1 : 0));
  let pairs = 0, total = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (label[i] === 1 && label[j] === 0) { total++; pairs += score[i]! > score[j]! ? 1 : score[i] === score[j] ? 0.5 : 0; }
  expect(auc(score, label)).toBeCloseTo(pairs / total, 12);
});

test("logloss of margin 0 is ln 2; ndcg of the ideal order is 1 and a group without relevant rows counts 1", () => {
  expect(logloss(Float64Array.of(0, 0), Float32Array.of(0, 1))).toBeCloseTo(Math.LN2, 12);
  const group = Int32Array.of(0, 0, 0, 1, 1);
  const label = Float32Array.of(0, 2, 1, 0, 0);
  expect(ndcgAt(3, Float64Array.of(0, 2, 1, 5, 4), label, group)).toBe(1);
  // Group 0 reversed: DCG = 1/log2(3)·3 ... computed by hand.
  const dcg = 1 / Math.log2(3) + 3 / Math.log2(4), idcg = 3 + 1 / Math.log2(3);
  expect(ndcgAt(3, Float64Array.of(2, 0, 1, 0, 0), label, group)).toBeCloseTo((dcg / idcg + 1) / 2, 12);
  expect(groupRanges(group)).toEqual([[0, 3], [3, 5]]);
});

test("metricByName knows auc, logloss, l2, ndcg@K and nothing else", () => {
  expect(metricByName("ndcg@7")?.higherIsBetter).toBe(true);
  expect(metricByName("logloss")?.higherIsBetter).toBe(false);
  expect(metricByName("ndcg@0")).toBeNull();
  expect(metricByName("map")).toBeNull();
});
