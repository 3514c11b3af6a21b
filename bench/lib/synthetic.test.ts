import { expect, test } from "bun:test";
import { syntheticInteractions } from "./synthetic.ts";

test("seeded, valid CSR with the requested entries, at least 20 per user, popularity skewed", () => {
  const x = syntheticInteractions(300, 200, 12_000, 7);
  expect(x.indices.length).toBeGreaterThanOrEqual(12_000);
  expect(x.indices.length).toBeLessThan(12_300);
  const counts = new Int32Array(200);
  for (let u = 0; u < x.rows; u++) {
    expect(x.indptr[u + 1]! - x.indptr[u]!).toBeGreaterThanOrEqual(20);
    for (let p = x.indptr[u]! + 1; p < x.indptr[u + 1]!; p++) expect(x.indices[p]!).toBeGreaterThan(x.indices[p - 1]!);
  }
  for (const i of x.indices) counts[i]!++;
  const sorted = [...counts].sort((a, b) => b - a);
  expect(sorted[0]!).toBeGreaterThan(3 * sorted[100]!);
  expect([...syntheticInteractions(300, 200, 12_000, 7).indices]).toEqual([...x.indices]);
});
