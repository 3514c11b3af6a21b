import { describe, expect, test } from "bun:test";
import { scoreList } from "./list-metrics.ts";

const inSet = (s: number[]) => (i: number) => s.includes(i);
const L3 = 1 / Math.log2(3); // discount of the 2nd position

describe("scoreList", () => {
  test("one hit at position 2 of 3, two relevant items", () => {
    const s = scoreList([5, 3, 9], inSet([3, 7]), 2, 3);
    expect(s.hits).toBe(1);
    expect(s.recall).toBeCloseTo(0.5, 12);
    expect(s.precision).toBeCloseTo(1 / 3, 12);
    expect(s.hit).toBe(1);
    expect(s.mrr).toBeCloseTo(0.5, 12);
    expect(s.ndcg).toBeCloseTo(L3 / (1 + L3), 12); // 0.38685…
    expect(s.map).toBeCloseTo(0.5 / 2, 12);
  });

  test("cut-off before the hit scores zero but keeps precision's denominator at K", () => {
    const s = scoreList([5, 3, 9], inSet([3, 7]), 2, 1);
    expect(s).toEqual({ hits: 0, recall: 0, precision: 0, hit: 0, mrr: 0, ndcg: 0, map: 0 });
  });

  test("empty list and empty relevant set score zero", () => {
    expect(scoreList([], inSet([1]), 1, 10).recall).toBe(0);
    expect(scoreList([], inSet([1]), 1, 10).ndcg).toBe(0);
    expect(scoreList([1, 2], inSet([]), 0, 10)).toEqual({ hits: 0, recall: 0, precision: 0, hit: 0, mrr: 0, ndcg: 0, map: 0 });
  });

  test("a duplicated item counts once", () => {
    const s = scoreList([3, 3, 7], inSet([3, 7]), 2, 3);
    expect(s.hits).toBe(2);
    expect(s.recall).toBe(1);
    expect(s.precision).toBeCloseTo(2 / 3, 12);
    expect(s.mrr).toBe(1);
    expect(s.ndcg).toBeCloseTo((1 + 0.5) / (1 + L3), 12); // hits at positions 1 and 3
    expect(s.map).toBeCloseTo((1 + 2 / 3) / 2, 12);
  });

  test("K beyond the list: precision still divides by K (RecBole, Spark)", () => {
    const s = scoreList([3], inSet([3]), 1, 10);
    expect(s.precision).toBeCloseTo(0.1, 12);
    expect(s.recall).toBe(1);
    expect(s.ndcg).toBe(1);
    expect(s.map).toBe(1);
  });

  test("more relevant items than K: NDCG and MAP normalise by min(K, |relevant|)", () => {
    const s = scoreList([1, 2], inSet([1, 2, 3, 4, 5]), 5, 2);
    expect(s.recall).toBeCloseTo(2 / 5, 12);
    expect(s.precision).toBe(1);
    expect(s.ndcg).toBeCloseTo(1, 12);
    expect(s.map).toBeCloseTo(1, 12); // Spark's meanAveragePrecision (no K) would give 2/5
  });

  test("rejects a non-positive K", () => {
    expect(() => scoreList([1], inSet([1]), 1, 0)).toThrow(/at least 1/);
  });
});
