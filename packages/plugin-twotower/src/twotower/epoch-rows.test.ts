import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/nn";
import { EpochRows, scheduledLr } from "./epoch-rows.ts";

/** 5 users with 1, 3, 10, 40 and 0 rows, interleaved. */
function users(): Int32Array {
  const rows: number[] = [];
  const want = [1, 3, 10, 40, 0];
  const left = want.slice();
  while (left.some((n) => n > 0)) left.forEach((n, u) => n > 0 && (rows.push(u), left[u]!--));
  return Int32Array.from(rows);
}

test("without a cap an epoch is a seeded permutation of every row (the plain Fisher–Yates shuffle)", () => {
  const u = users();
  const order = new EpochRows(u, 5, 0).draw(new Rng(7, 0x7474, 1));
  const rng = new Rng(7, 0x7474, 1);
  const ref = Int32Array.from({ length: u.length }, (_, i) => i);
  for (let i = ref.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [ref[i], ref[j]] = [ref[j]!, ref[i]!];
  }
  expect(Array.from(order)).toEqual(Array.from(ref));
});

test("maxPerUser: each user gives min(rows, cap) distinct rows of its own, a fresh sample each epoch, every row in time", () => {
  const u = users();
  const rows = new EpochRows(u, 5, 4);
  expect(rows.size).toBe(1 + 3 + 4 + 4);
  const seenOfUser3 = new Set<number>();
  let previous = "";
  for (let epoch = 1; epoch <= 60; epoch++) {
    const order = rows.draw(new Rng(7, 0x7474, epoch));
    expect(order.length).toBe(12);
    expect(new Set(order).size).toBe(12);
    const per = [0, 0, 0, 0, 0];
    for (const r of order) per[u[r]!]!++;
    expect(per).toEqual([1, 3, 4, 4, 0]);
    const mine = Array.from(order).filter((r) => u[r] === 3).sort((a, b) => a - b).join();
    expect(mine).not.toBe(previous);
    previous = mine;
    for (const r of order) if (u[r] === 3) seenOfUser3.add(r);
  }
  expect(seenOfUser3.size).toBe(40);
  // Expected per-epoch share of each row: 1 for uncapped users, cap / rows for capped ones.
  const weights = Array.from(u, (_, r) => rows.weight(r));
  expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(rows.size, 9);
  expect(rows.weight(Array.from(u).indexOf(3))).toBeCloseTo(4 / 40, 12);
  expect(rows.weight(Array.from(u).indexOf(1))).toBe(1);
  // The same epoch's seed gives the same rows.
  expect(Array.from(rows.draw(new Rng(7, 0x7474, 3)))).toEqual(Array.from(rows.draw(new Rng(7, 0x7474, 3))));
});

test("a capped user's rows are sampled uniformly", () => {
  const u = new Int32Array(10); // one user, 10 rows, 3 per epoch
  const rows = new EpochRows(u, 1, 3);
  const hits = new Float64Array(10);
  const epochs = 20_000;
  for (let e = 0; e < epochs; e++) for (const r of rows.draw(new Rng(1, 2, e))) hits[r]!++;
  for (const h of hits) expect(Math.abs(h / epochs - 0.3)).toBeLessThan(0.015);
});

test("scheduledLr: constant, or cosine from lr at the first step to 0 after the last", () => {
  expect(scheduledLr("constant", 0.01, 57, 100)).toBe(0.01);
  expect(scheduledLr("cosine", 0.01, 1, 100)).toBe(0.01);
  expect(scheduledLr("cosine", 0.01, 51, 100)).toBeCloseTo(0.005, 12);
  expect(scheduledLr("cosine", 0.01, 101, 100)).toBeCloseTo(0, 12);
  expect(scheduledLr("cosine", 0.01, 500, 100)).toBeCloseTo(0, 12);
  expect(scheduledLr("cosine", 0.01, 26, 100)).toBeCloseTo(0.005 * (1 + Math.SQRT1_2), 12);
});
