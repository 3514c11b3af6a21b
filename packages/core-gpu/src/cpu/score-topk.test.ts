import { expect, test } from "bun:test";
import { referenceScoreTopK } from "../reference/topk.ts";
import { cpuScoreTopK } from "./score-topk.ts";
import { SessionCache } from "./sessions.ts";

test("tiny query and key blocks give the reference's top-K, exclusions included", async () => {
  const cache = new SessionCache(1);
  const [nq, nk, dim, k] = [9, 23, 4, 5];
  const q = Float32Array.from({ length: nq * dim }, (_, i) => Math.sin(i));
  const keys = Float32Array.from({ length: nk * dim }, (_, i) => Math.cos(i * 0.7));
  const exclude = { rows: nq, cols: nk, indptr: Int32Array.from({ length: nq + 1 }, (_, r) => Math.min(r, 5)), indices: new Int32Array([0, 7, 8, 15, 22]) };
  const want = referenceScoreTopK(q, nq, keys, nk, dim, k, exclude);
  for (const [blockBytes, maxBlockKeys] of [[4 * 2 * 5, 5], [4, 1], [1 << 20, 1 << 14]] as const) {
    const got = await cpuScoreTopK(cache, q, nq, keys, nk, dim, k, exclude, { blockBytes, maxBlockKeys }, { smallWork: 0, chunkBytes: 1 << 20 });
    expect([...got.ids]).toEqual([...want.ids]);
    for (let i = 0; i < want.scores.length; i++) expect(Math.abs(got.scores[i]! - want.scores[i]!)).toBeLessThan(1e-5);
  }
  await cache.dispose();
});

test("no keys: every slot is padding", async () => {
  const cache = new SessionCache(1);
  const got = await cpuScoreTopK(cache, new Float32Array(4), 2, new Float32Array(0), 0, 2, 2);
  expect([...got.ids]).toEqual([-1, -1, -1, -1]);
  await cache.dispose();
});
