import { expect, test } from "bun:test";
import { addListCurve, CURVE_METRICS, curveSums } from "./list-curve.ts";
import { scoreList } from "./list-metrics.ts";

test("the one-walk curve equals scoreList at every K, on random lists with duplicates and short lists", () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let trial = 0; trial < 200; trial++) {
    const ranked = Array.from({ length: rnd(30) }, () => rnd(40));
    const relevant = new Set(Array.from({ length: 1 + rnd(8) }, () => rnd(40)));
    const maxK = 1 + rnd(50); // often past the list's end
    const sums = curveSums(maxK);
    addListCurve(ranked, (i) => relevant.has(i), relevant.size, maxK, sums);
    for (let k = 1; k <= maxK; k++) {
      const s = scoreList(ranked, (i) => relevant.has(i), relevant.size, k);
      for (const m of CURVE_METRICS) expect(sums[m][k - 1]!).toBeCloseTo(s[m], 12);
    }
  }
});

test("a list without relevant items adds nothing", () => {
  const sums = curveSums(3);
  addListCurve([1, 2, 3], () => false, 0, 3, sums);
  expect([...sums.recall, ...sums.ndcg]).toEqual([0, 0, 0, 0, 0, 0]);
});
