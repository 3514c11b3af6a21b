import { expect, test } from "bun:test";
import { table } from "@shortlist/runner";
import { neighbourFeatures } from "./neighbour-features.ts";

// 10 → 30 (0.5), 10 → 40 (0.2); 20 → 30 (0.9)
const i2i = table({ item: Int32Array.of(10, 10, 20), rank: Int32Array.of(0, 1, 0), neighbour: Int32Array.of(30, 40, 30), score: Float32Array.of(0.5, 0.2, 0.9) });

test("neighbourFeatures: the best similarity from any history item and how many history items list the candidate", () => {
  // user 1 has 10 and 20; user 2 has 10 only; user 3 has nothing
  const history = table({ user: Int32Array.of(1, 1, 2), item: Int32Array.of(10, 20, 10) });
  const f = neighbourFeatures(i2i, "i2i.x", "x", history, "split.train", Int32Array.of(1, 1, 2, 2, 3, 1), Int32Array.of(30, 40, 30, 50, 30, 10));
  expect(Array.from(f.x_max!)).toEqual([Math.fround(0.9), Math.fround(0.2), 0.5, NaN, NaN, NaN]);
  expect(Array.from(f.x_votes!)).toEqual([2, 1, 1, 0, 0, 0]);
});

test("neighbourFeatures on random data matches a direct count", () => {
  let seed = 5;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const edges = new Map<string, number>();
  for (let e = 0; e < 300; e++) edges.set(`${rnd(40)},${rnd(40)}`, rnd(100) / 100);
  const pairs = [...edges].map(([k, s]) => [...k.split(",").map(Number), s] as [number, number, number]);
  const t = table({ item: Int32Array.from(pairs, (p) => p[0]), neighbour: Int32Array.from(pairs, (p) => p[1]), score: Float32Array.from(pairs, (p) => p[2]) });
  const hist = Array.from({ length: 200 }, () => [rnd(20), rnd(40)] as const);
  const history = table({ user: Int32Array.from(hist, (h) => h[0]), item: Int32Array.from(hist, (h) => h[1]) });
  const cu = Int32Array.from({ length: 100 }, () => rnd(25));
  const ci = Int32Array.from({ length: 100 }, () => rnd(45));
  const f = neighbourFeatures(t, "i2i.x", "x", history, "split.train", cu, ci);
  for (let r = 0; r < cu.length; r++) {
    const sims = hist.filter((h) => h[0] === cu[r]).flatMap((h) => pairs.filter((p) => p[0] === h[1] && p[1] === ci[r]).map((p) => Math.fround(p[2])));
    expect(f.x_votes![r]).toBe(sims.length);
    expect(f.x_max![r]).toBe(sims.length > 0 ? Math.max(...sims) : NaN);
  }
});
