import { expect, test } from "bun:test";
import { referenceMatmul } from "../reference/matmul.ts";
import { loadOpenBlas } from "./openblas.ts";

const blas = loadOpenBlas(2);
if (!blas) console.warn("openblas.test: libopenblas not found, its sgemm test is skipped (Debian: apt-get install libopenblas0-pthread)");

test("SHORTLIST_BLAS=mlas disables the OpenBLAS path", () => {
  expect(loadOpenBlas(2, { SHORTLIST_BLAS: "mlas" })).toBeUndefined();
});

test.skipIf(!blas)("sgemm handles transposes, subarray views and beta, writing C in place", () => {
  const [m, n, k] = [5, 4, 3];
  const a = Float32Array.from({ length: 2 + m * k }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: 3 + k * n }, (_, i) => Math.cos(i));
  const av = a.subarray(2);
  const bv = b.subarray(3);
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      const c = new Float32Array(1 + m * n).fill(NaN);
      c[0] = 42;
      const cv = c.subarray(1);
      blas!.sgemm(transA, transB, m, n, k, av, bv, 0, cv);
      const want = referenceMatmul(av, bv, { m, n, k, transA, transB });
      expect(c[0]).toBe(42);
      for (let i = 0; i < want.length; i++) expect(Math.abs(cv[i]! - want[i]!)).toBeLessThan(1e-5);
      blas!.sgemm(transA, transB, m, n, k, av, bv, 1, cv); // beta = 1 adds a second product
      for (let i = 0; i < want.length; i++) expect(Math.abs(cv[i]! - 2 * want[i]!)).toBeLessThan(2e-5);
    }
  }
  expect(blas!.description).toMatch(/libopenblas/);
});
