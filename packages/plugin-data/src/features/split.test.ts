import { describe, expect, test } from "bun:test";
import { orderByUserTime } from "../util/order-rows.ts";
import { indexInteractions } from "./interactions.ts";
import { featuresOptions } from "./options.ts";
import { assignSplits, ratioCounts } from "./split.ts";

function data(rows: [number, number, number, number][]) {
  const it = indexInteractions({
    n: rows.length,
    user: Int32Array.from(rows, (r) => r[0]),
    item: Int32Array.from(rows, (r) => r[1]),
    rating: Float32Array.from(rows, (r) => r[2]),
    timestamp: Int32Array.from(rows, (r) => r[3]),
  });
  return { it, runs: orderByUserTime(it.users.index, it.users.ids.length, it.timestamp, it.items.index, it.items.ids.length) };
}
const opts = (o: object) => featuresOptions.parse(o);

describe("leave-last", () => {
  test("the latest row per user is test; equal times break by item id; short users stay in train", () => {
    const { it, runs } = data([
      [1, 10, 5, 100],
      [1, 12, 4, 300],
      [1, 11, 3, 300], // same time as item 12: item 11 sorts first, so item 12 is last
      [2, 10, 4, 50], // user 2 has one row: stays in train
    ]);
    expect(Array.from(assignSplits(it, runs, opts({}), 1))).toEqual([0, 2, 0, 0]);
    expect(Array.from(assignSplits(it, runs, opts({ validCount: 1 }), 1))).toEqual([0, 2, 1, 0]);
    expect(Array.from(assignSplits(it, runs, opts({ testCount: 2 }), 1))).toEqual([0, 2, 2, 0]);
  });
});

describe("ratio (RecBole)", () => {
  test("counts: floors for valid/test, bumped to 1 while train keeps 2+", () => {
    expect(ratioCounts(10, [0.8, 0.1, 0.1])).toEqual([8, 1, 1]);
    expect(ratioCounts(25, [0.8, 0.1, 0.1])).toEqual([21, 2, 2]);
    expect(ratioCounts(5, [0.8, 0.1, 0.1])).toEqual([3, 1, 1]); // 0.5 rounds away → bumped
    expect(ratioCounts(2, [0.8, 0.1, 0.1])).toEqual([1, 0, 1]); // train would drop below 2: stop
    expect(ratioCounts(1, [0.8, 0.1, 0.1])).toEqual([1, 0, 0]);
    expect(ratioCounts(10, [8, 2, 0])).toEqual([8, 2, 0]);
  });

  test("per-user shares, seeded: same seed same split, other seed differs", () => {
    const rows: [number, number, number, number][] = [];
    for (let u = 1; u <= 30; u++) for (let i = 0; i < 20; i++) rows.push([u, i, 3, i * 10]);
    const { it, runs } = data(rows);
    const a = assignSplits(it, runs, opts({ split: "ratio" }), 7);
    expect(Array.from(assignSplits(it, runs, opts({ split: "ratio" }), 7))).toEqual(Array.from(a));
    expect(Array.from(assignSplits(it, runs, opts({ split: "ratio" }), 8))).not.toEqual(Array.from(a));
    for (let u = 0; u < 30; u++) {
      const s = Array.from(a.subarray(u * 20, u * 20 + 20));
      expect([s.filter((x) => x === 0).length, s.filter((x) => x === 1).length, s.filter((x) => x === 2).length]).toEqual([16, 2, 2]);
    }
  });
});

describe("time", () => {
  const { it, runs } = data([
    [1, 1, 3, 10],
    [1, 2, 3, 20],
    [2, 3, 3, 30],
    [2, 4, 3, 30],
    [3, 5, 3, 40],
  ]);
  test("explicit cuts: at or after cutAt → test, from validCutAt → valid", () => {
    expect(Array.from(assignSplits(it, runs, opts({ split: "time", cutAt: 30 }), 1))).toEqual([0, 0, 2, 2, 2]);
    expect(Array.from(assignSplits(it, runs, opts({ split: "time", cutAt: 40, validCutAt: 20 }), 1))).toEqual([0, 1, 1, 1, 2]);
  });
  test("share-based cut: ties at the cut go to test", () => {
    // 5 rows, testShare 0.2 → cut at sorted[4] = 40; testShare 0.4 → sorted[3] = 30 (both 30s)
    expect(Array.from(assignSplits(it, runs, opts({ split: "time", testShare: 0.2 }), 1))).toEqual([0, 0, 0, 0, 2]);
    expect(Array.from(assignSplits(it, runs, opts({ split: "time", testShare: 0.4 }), 1))).toEqual([0, 0, 2, 2, 2]);
    expect(Array.from(assignSplits(it, runs, opts({ split: "time", testShare: 0.2, validShare: 0.4 }), 1))).toEqual([0, 0, 1, 1, 2]);
  });
});

describe("holdoutMinRating (a rating filter on the held-out rows only)", () => {
  // user 1 by time: items 10 (5★), 11 (2★), 12 (4★), 13 (1★), 14 (3★), 15 (2★); user 2: two 1★ rows
  const { it, runs } = data([
    [1, 10, 5, 1],
    [1, 11, 2, 2],
    [1, 12, 4, 3],
    [1, 13, 1, 4],
    [1, 14, 3, 5],
    [1, 15, 2, 6],
    [2, 10, 1, 1],
    [2, 11, 1, 2],
  ]);
  test("leave-last holds out the last rows rated at least the minimum; every other row, later low ones too, trains", () => {
    // MetaSpore: the last 3 ratings above 2 → test (items 10, 12, 14); 11, 13, 15 stay in train.
    expect(Array.from(assignSplits(it, runs, opts({ holdoutMinRating: 3, testCount: 3 }), 1))).toEqual([2, 0, 2, 0, 2, 0, 0, 0]);
    // Without the option the last rows are held out whatever their rating (item 15, rated 2).
    expect(Array.from(assignSplits(it, runs, opts({ testCount: 1 }), 1))).toEqual([0, 0, 0, 0, 0, 2, 0, 2]);
    expect(Array.from(assignSplits(it, runs, opts({ holdoutMinRating: 3, testCount: 1, validCount: 1 }), 1))).toEqual([0, 0, 1, 0, 2, 0, 0, 0]);
  });
  test("a user without enough eligible rows stays wholly in train", () => {
    expect(Array.from(assignSplits(it, runs, opts({ holdoutMinRating: 3, testCount: 4 }), 1))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
  test("ratio and time splits move held-out rows rated below the minimum back to train", () => {
    expect(Array.from(assignSplits(it, runs, opts({ split: "time", cutAt: 4, holdoutMinRating: 3 }), 1))).toEqual([0, 0, 0, 0, 2, 0, 0, 0]);
    const plain = assignSplits(it, runs, opts({ split: "ratio", ratios: [0.5, 0, 0.5] }), 3);
    const filtered = assignSplits(it, runs, opts({ split: "ratio", ratios: [0.5, 0, 0.5], holdoutMinRating: 3 }), 3);
    for (let r = 0; r < it.n; r++) expect(filtered[r]).toBe(plain[r] === 2 && it.rating[r]! >= 3 ? 2 : 0);
    expect(filtered.some((s) => s === 2)).toBe(true);
  });
});
