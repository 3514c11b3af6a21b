import { expect, test } from "bun:test";
import { runMatmul, SessionCache } from "./sessions.ts";

const key = { batched: false, transA: false, transB: false, bias: false, relu: false };

test("one session per structure, reused for every shape", async () => {
  const cache = new SessionCache(1);
  const s1 = await cache.get(key);
  expect(await cache.get({ ...key })).toBe(s1);
  expect(await cache.get({ ...key, relu: true })).not.toBe(s1);
  // 1×2 · 2×1 and 2×2 · 2×2 on the same session (symbolic dims)
  const out1 = new Float32Array(1).fill(NaN);
  await runMatmul(s1, new Float32Array([1, 2]), [1, 2], new Float32Array([3, 4]), [2, 1], undefined, out1, [1, 1]);
  expect([...out1]).toEqual([11]);
  const out2 = new Float32Array(4).fill(NaN);
  await runMatmul(s1, new Float32Array([1, 0, 0, 1]), [2, 2], new Float32Array([5, 6, 7, 8]), [2, 2], undefined, out2, [2, 2]);
  expect([...out2]).toEqual([5, 6, 7, 8]);
  await cache.dispose();
});
