import { describe, expect, test } from "bun:test";
import { evaluateTopK } from "./top-k.ts";

const i32 = (a: number[]) => new Int32Array(a);

describe("evaluateTopK", () => {
  // user 1: recs [10, 11, 12], truth {11}; user 2: recs [20, 21], truth {22, 20}; user 3: recs only.
  const recs = { user: i32([1, 1, 1, 2, 2, 3]), item: i32([10, 11, 12, 20, 21, 30]), rank: i32([0, 1, 2, 0, 1, 0]) };
  const truth = { user: i32([1, 2, 2]), item: i32([11, 22, 20]) };

  test("means over users with held-out items (RecBole)", () => {
    const r = evaluateTopK(recs, truth, { ks: [1, 2] });
    expect(r.users).toBe(2);
    expect(r.values["recall@1"]).toBeCloseTo((0 + 0.5) / 2, 12);
    expect(r.values["recall@2"]).toBeCloseTo((1 + 0.5) / 2, 12);
    expect(r.values["precision@2"]).toBeCloseTo((0.5 + 0.5) / 2, 12);
    expect(r.values["hit@1"]).toBeCloseTo(0.5, 12);
    expect(r.values["mrr@2"]).toBeCloseTo((0.5 + 1) / 2, 12);
    const L3 = 1 / Math.log2(3);
    expect(r.values["ndcg@2"]).toBeCloseTo((L3 / 1 + 1 / (1 + L3)) / 2, 12);
    expect(r.values["map@2"]).toBeCloseTo((0.5 / 1 + 1 / 2) / 2, 12);
  });

  test("users without truth averaged in as zero (Spark) when asked", () => {
    const r = evaluateTopK(recs, truth, { ks: [2], usersWithoutTruth: "zero", metrics: ["recall"] });
    expect(r.users).toBe(3);
    expect(r.values["recall@2"]).toBeCloseTo(1.5 / 3, 12);
    expect(Object.keys(r.values)).toEqual(["recall@2"]);
  });

  test("a user with truth but no recommendations scores zero", () => {
    const r = evaluateTopK(recs, { user: i32([1, 9]), item: i32([11, 90]) }, { ks: [2], metrics: ["hit"] });
    expect(r.users).toBe(2);
    expect(r.values["hit@2"]).toBeCloseTo(0.5, 12);
  });

  test("orders each user's rows by rank when they arrive out of order", () => {
    const shuffled = { user: i32([1, 1, 1]), item: i32([12, 10, 11]), rank: i32([2, 0, 1]) };
    const r = evaluateTopK(shuffled, { user: i32([1]), item: i32([11]) }, { ks: [1, 2], metrics: ["hit"] });
    expect(r.values["hit@1"]).toBe(0);
    expect(r.values["hit@2"]).toBe(1);
  });

  test("item coverage over the evaluated users' top-K", () => {
    const r = evaluateTopK(recs, truth, { ks: [1, 2], metrics: ["coverage"], catalogueSize: 10 });
    expect(r.values["coverage@1"]).toBeCloseTo(2 / 10, 12); // 10, 20
    expect(r.values["coverage@2"]).toBeCloseTo(4 / 10, 12); // 10, 11, 20, 21
    // Default catalogue: distinct items in recommendations ∪ truth = 10,11,12,20,21,30,22.
    expect(evaluateTopK(recs, truth, { ks: [1], metrics: ["coverage"] }).values["coverage@1"]).toBeCloseTo(2 / 7, 12);
  });

  test("empty inputs give zero, not NaN", () => {
    const r = evaluateTopK({ user: i32([]), item: i32([]) }, { user: i32([]), item: i32([]) }, { ks: [5] });
    expect(r.users).toBe(0);
    expect(r.values["recall@5"]).toBe(0);
    expect(r.values["coverage@5"]).toBe(0);
  });
});

describe("evaluateTopK curve and popularity bias", () => {
  const recs = { user: i32([1, 1, 1, 2, 2]), item: i32([10, 11, 12, 20, 10]) };
  const truth = { user: i32([1, 2]), item: i32([12, 20]) };

  test("the curve at K equals the values asked for at that K, from the same pass", () => {
    const r = evaluateTopK(recs, truth, { ks: [1, 2, 3], curveTo: 5, catalogueSize: 6 });
    expect(r.curve!.k).toEqual([1, 2, 3, 4, 5]);
    for (const k of [1, 2, 3]) for (const m of ["recall", "ndcg", "precision", "map", "coverage"]) expect(r.curve!.values[m]![k - 1]).toBeCloseTo(r.values[`${m}@${k}`]!, 12);
    expect(r.curve!.values.recall).toEqual([0.5, 0.5, 1, 1, 1]);
    expect(r.curve!.values.coverage!.map((c) => c * 6)).toEqual([2, 3, 4, 4, 4]); // {10,20}, +11, +12
    expect(r.curve!.values.precision![4]).toBeCloseTo(2 / 10, 12); // past the lists' end hits / K keeps falling
  });

  test("training popularity adds avgpop, gini and longtail at each K", () => {
    const popularity = { count: new Map([[10, 5], [11, 1], [20, 2]]), head: new Set([10]) };
    const r = evaluateTopK(recs, truth, { ks: [1], metrics: ["recall"], popularity });
    expect(Object.keys(r.values).sort()).toEqual(["avgpop@1", "gini@1", "longtail@1", "recall@1"]);
    expect(r.values["avgpop@1"]).toBeCloseTo((5 + 2) / 2, 12);
    expect(r.values["longtail@1"]).toBeCloseTo(1 / 2, 12);
  });
});
