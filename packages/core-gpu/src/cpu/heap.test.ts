import { expect, test } from "bun:test";
import { seededRandom } from "../random/rng.ts";
import { createHeap, heapDrain, heapPush } from "./heap.ts";

test("keeps the k best in order, ties by lower id, whatever the push order", () => {
  const rand = seededRandom(7);
  for (let trial = 0; trial < 200; trial++) {
    const n = Math.floor(rand() * 40);
    const k = Math.floor(rand() * 10);
    const vals = Array.from({ length: n }, () => Math.floor(rand() * 5)); // many ties
    const order = vals.map((_, i) => i).sort(() => rand() - 0.5);
    const h = createHeap(k);
    for (const i of order) heapPush(h, vals[i]!, i);
    const ids = new Int32Array(k);
    const scores = new Float32Array(k);
    heapDrain(h, ids, scores, 0);
    const expected = vals.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v || a.i - b.i).slice(0, k);
    const want = [...expected.map((e) => e.i), ...Array(k - expected.length).fill(-1)];
    expect([...ids]).toEqual(want);
    expect(h.size).toBe(0);
  }
});

test("NaN is ignored and the returned threshold is the score to beat", () => {
  const h = createHeap(2);
  expect(heapPush(h, NaN, 0)).toBe(-Infinity);
  expect(heapPush(h, 3, 1)).toBe(-Infinity);
  expect(heapPush(h, 1, 2)).toBe(1);
  expect(heapPush(h, 2, 3)).toBe(2);
  expect(h.size).toBe(2);
});
