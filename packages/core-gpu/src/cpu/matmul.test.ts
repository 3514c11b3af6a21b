import { expect, test } from "bun:test";
import type { MatmulOptions } from "../types.ts";
import { referenceMatmul } from "../reference/matmul.ts";
import { cpuMatmul } from "./matmul.ts";
import { SessionCache } from "./sessions.ts";

const cache = new SessionCache(2);
const rand = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.5);

async function check(o: MatmulOptions, tuning: { smallWork: number; chunkBytes: number }) {
  const batch = o.batch ?? 1;
  const a = rand(batch * o.m * o.k, 1);
  const b = rand(batch * o.k * o.n, 2);
  const out = new Float32Array(batch * o.m * o.n).fill(NaN);
  const got = await cpuMatmul(cache, a, b, { ...o, out }, tuning);
  expect(got).toBe(out);
  const want = referenceMatmul(a, b, o);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-5 * (o.k + 1));
}

test("the TypeScript loop handles tiny products and k = 0", async () => {
  await check({ m: 3, n: 4, k: 5, transA: true, bias: new Float32Array([1, -1, 2, -2]), relu: true }, { smallWork: 1e9, chunkBytes: 1 << 20 });
  await check({ m: 3, n: 2, k: 0, bias: new Float32Array([1, -1]), relu: true }, { smallWork: 0, chunkBytes: 1 << 20 });
});

test("row chunks cover C exactly, including the strided Aᵀ staging", async () => {
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      // 4·9 bytes per row of C, 40-byte chunks: one row per call, then a tail.
      await check({ m: 7, n: 9, k: 5, transA, transB, bias: rand(9, 3) }, { smallWork: 0, chunkBytes: 40 });
      await check({ m: 13, n: 3, k: 6, transA, transB }, { smallWork: 0, chunkBytes: 4 * 3 * 5 });
    }
  }
});

test("batched products use FusedMatMul when small and per-product Gemm when large", async () => {
  await check({ m: 5, n: 6, k: 7, batch: 3, transA: true, bias: rand(6, 4), relu: true }, { smallWork: 0, chunkBytes: 1 << 20 });
  await check({ m: 5, n: 6, k: 7, batch: 3, transB: true }, { smallWork: 0, chunkBytes: 48 });
});
