import { expect, test } from "bun:test";
import { createBackend, type Csr } from "@shortlist/core-gpu";
import { Rng } from "@shortlist/core-gpu/random";
import { csrRows, rankAll, topKMetrics, unitRows } from "./full-rank.ts";

const csr = (rows: number[][], cols: number): Csr => {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (indptr[i + 1] = indptr[i]! + r.length));
  return { rows: rows.length, cols, indptr, indices: Int32Array.from(rows.flat()) };
};

test("rankAll over blocks of users equals brute-force scoring with seen items excluded", async () => {
  const rng = new Rng(9);
  const [users, items, dim, k] = [23, 17, 5, 4];
  const u = Float32Array.from({ length: users * dim }, () => rng.normal());
  const v = Float32Array.from({ length: items * dim }, () => rng.normal());
  const seen = csr(Array.from({ length: users }, (_, i) => (i % 3 === 0 ? [] : [i % items, (i * 5) % items].filter((x, j, a) => a.indexOf(x) === j).sort((a, b) => a - b))), items);
  const top = await rankAll(await createBackend("cpu"), u, v, dim, seen, { k, blockUsers: 5 });
  for (let a = 0; a < users; a++) {
    const banned = new Set(seen.indices.subarray(seen.indptr[a]!, seen.indptr[a + 1]!));
    const scores = Array.from({ length: items }, (_, i) => [i, Array.from({ length: dim }, (_, d) => u[a * dim + d]! * v[i * dim + d]!).reduce((s, x) => s + x, 0)] as const)
      .filter(([i]) => !banned.has(i)).sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    expect(Array.from(top.ids.subarray(a * k, a * k + k))).toEqual(scores.slice(0, k).map(([i]) => i));
  }
  expect(csrRows(seen, 3, 5).indptr[0]).toBe(0);
});

test("topKMetrics: RecBole recall and NDCG per user, averaged over users with truth; counts widen the denominator", () => {
  // user 0 ranks [2, 5, 1]; relevant {5, 7}: hit at position 2. User 1 has no truth. User 2 ranks [0, -1, -1], relevant {0}.
  const top = { rows: 3, k: 3, ids: Int32Array.from([2, 5, 1, 4, 3, 2, 0, -1, -1]), scores: new Float32Array(9) };
  const truth = csr([[5, 7], [], [0]], 8);
  const m = topKMetrics(top, truth, 3);
  const ndcg0 = 1 / Math.log2(3) / (1 + 1 / Math.log2(3));
  expect(m.users).toBe(2);
  expect(m.recall).toBeCloseTo((0.5 + 1) / 2, 10);
  expect(m.ndcg).toBeCloseTo((ndcg0 + 1) / 2, 10);
  // A third relevant item of user 0 that training never saw: recall 1/3 for that user.
  expect(topKMetrics(top, truth, 3, Int32Array.from([3, 0, 1])).recall).toBeCloseTo((1 / 3 + 1) / 2, 10);
});

test("unitRows: unit length rows, zero rows stay zero", () => {
  const x = unitRows(Float32Array.from([3, 4, 0, 0]), 2);
  expect(Array.from(x)).toEqual([0.6000000238418579, 0.800000011920929, 0, 0]);
});
