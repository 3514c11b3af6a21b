import { describe, expect, test } from "bun:test";
import { referenceBackend } from "../reference/backend.ts";
import { useGpuBackends } from "./use-gpu-backends.ts";
import { median, movielensShapedCsr, runBench, standardCases } from "./bench.ts";
import { seededRandom } from "../random/rng.ts";
import { GPU_TEST_TIMEOUT } from "./test-support.ts";

const gpus = useGpuBackends({ gpu: { poisonOutputs: false } });

describe("bench helpers", () => {
  test("median of odd and even lists", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test("the MovieLens-shaped CSR has sorted unique rows within the catalogue", () => {
    const x = movielensShapedCsr(seededRandom(3), 50, 40);
    expect(x.indptr.length).toBe(51);
    for (let u = 0; u < x.rows; u++) {
      expect(x.indptr[u + 1]! - x.indptr[u]!).toBeGreaterThanOrEqual(20);
      for (let p = x.indptr[u]! + 1; p < x.indptr[u + 1]!; p++) expect(x.indices[p]!).toBeGreaterThan(x.indices[p - 1]!);
    }
    expect(Math.max(...x.indices)).toBeLessThan(40);
  });

  test("every standard case runs at a tiny scale and a row per case comes back", async () => {
    const cases = standardCases(0.02);
    const rows = await runBench(gpus.gpu, cases, 1);
    expect(rows.map((r) => r.name)).toEqual(cases.map((c) => c.name));
    for (const r of rows) expect(r.runsMs).toHaveLength(1);
    // The cases compute what the reference computes (the top-K case, checked exactly).
    const topK = cases[1]!;
    expect(await topK.run(gpus.gpu)).toEqual(await topK.run(referenceBackend()));
  }, GPU_TEST_TIMEOUT);
});
