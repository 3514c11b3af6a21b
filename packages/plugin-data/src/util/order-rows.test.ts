import { expect, test } from "bun:test";
import { orderByUserTime } from "./order-rows.ts";
import { Rng } from "@shortlist/core-gpu/random";

test("groups by user, then time, ties by item then row", () => {
  // rows:        0  1  2  3  4  5
  const user = [1, 0, 1, 1, 0, 1];
  const time = [50, 9, 10, 10, -3, 10];
  const item = [0, 2, 1, 0, 2, 0];
  const r = orderByUserTime(new Int32Array(user), 2, new Int32Array(time), new Int32Array(item), 3);
  expect(Array.from(r.start)).toEqual([0, 2, 6]);
  // user 0: row 4 (t=-3), row 1 (t=9); user 1: t=10 → items 0 (rows 3, 5 in row order), 1 (row 2); then t=50
  expect(Array.from(r.order)).toEqual([4, 1, 3, 5, 2, 0]);
});

test("matches a comparator sort on random rows with negative and large timestamps", () => {
  const rng = new Rng(5);
  const n = 5000;
  const u = new Int32Array(n);
  const t = new Int32Array(n);
  const it = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    u[i] = rng.int(40);
    t[i] = (rng.u32() | 0) >> rng.int(30); // mixes signs, magnitudes and many ties
    it[i] = rng.int(25);
  }
  const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => u[a]! - u[b]! || t[a]! - t[b]! || it[a]! - it[b]! || a - b);
  expect(Array.from(orderByUserTime(u, 40, t, it, 25).order)).toEqual(expected);
});
