import { describe, expect, test } from "bun:test";
import { createCpuEngine, tidy, type Tensor } from "@shortlist/core-gpu";
import * as nn from "@shortlist/core-gpu/nn";
import { allItemsLoss, distinctIds, sharedIsCheaper, sharedNegativesLoss, unseenWeights } from "./loss.ts";

/** Dense host copy of a gradient (row-sparse ones scattered into zeros). */
async function dense(g: nn.Grad, rows: number, dim: number): Promise<Float32Array> {
  if (!nn.isRowSparse(g)) return (await g.read()) as Float32Array;
  const out = new Float32Array(rows * dim);
  const v = (await g.values.read()) as Float32Array;
  g.rows.forEach((r, k) => {
    for (let d = 0; d < dim; d++) out[r * dim + d]! += v[k * dim + d]!;
  });
  return out;
}

describe("sharedNegativesLoss", () => {
  test("distinctIds: ascending unique ids and each position's index", () => {
    const s = distinctIds(new Int32Array([5, 2, 5, 7, 2]), 8);
    expect(Array.from(s.unique)).toEqual([2, 5, 7]);
    expect(Array.from(s.inverse)).toEqual([1, 0, 1, 2, 0]);
  });

  for (const [b, n, items, dim, margin] of [[6, 5, 9, 4, 0.5], [3, 7, 40, 8, 0.1], [1, 1, 3, 2, 0.9]] as const) {
    test(`value and gradients equal nn.simplexLoss on random inputs (B ${b}, N ${n}, ${items} items, dim ${dim})`, async () => {
      const engine = createCpuEngine();
      const rng = new nn.Rng(b * 100 + n);
      const u = nn.parameter(engine, Float32Array.from({ length: b * dim }, () => rng.normal()), [b, dim]);
      const table = nn.parameter(engine, Float32Array.from({ length: items * dim }, () => rng.normal()), [items, dim]);
      const pos = Int32Array.from({ length: b }, () => rng.int(items));
      const negs = Int32Array.from({ length: b * n }, () => rng.int(items));
      const o = { margin, negativeWeight: 7 };
      const run = (f: () => Tensor) => tidy(() => nn.valueAndGrads(f));
      const posRows = () => nn.embedding(table, nn.prepareIds(engine, pos, items, "pos"));
      const ours = run(() => sharedNegativesLoss(engine, u, posRows(), table, distinctIds(negs, items), n, o));
      const ref = run(() => nn.simplexLoss(u, posRows(), nn.embedding(table, nn.prepareIds(engine, negs, items, "neg")), o));
      expect(await ours.value.item()).toBeCloseTo(await ref.value.item(), 5);
      for (const [p, rows] of [[u, b], [table, items]] as const) {
        const [a, r] = [await dense(ours.grads.get(p)!, rows, dim), await dense(ref.grads.get(p)!, rows, dim)];
        const scale = Math.max(1e-3, ...Array.from(r, Math.abs));
        for (let i = 0; i < r.length; i++) expect(Math.abs(a[i]! - r[i]!) / scale).toBeLessThan(1e-4);
      }
    });
  }

  test("chosen only while scoring every distinct item is cheaper than gathering every negative row", () => {
    expect(sharedIsCheaper(512, 100, 1682, 64)).toBe(true);
    expect(sharedIsCheaper(512, 100, 40_000, 64)).toBe(false);
  });

  test("negatives: 0 (every unseen item) equals nn.simplexLoss over each user's unseen items, value and gradients", async () => {
    const engine = createCpuEngine();
    const [b, items, dim] = [4, 7, 5];
    const rng = new nn.Rng(3);
    // Every user has seen two items, so each has the same 5 unseen items count and nn.simplexLoss applies.
    const seenLists = [[0, 3], [1, 2], [5, 6], [0, 6]];
    const indptr = Int32Array.from([0, 2, 4, 6, 8]);
    const seen = { indptr, indices: Int32Array.from(seenLists.flat()) };
    const users = Int32Array.from([0, 1, 2, 3]);
    const negs = Int32Array.from(seenLists.flatMap((l) => Array.from({ length: items }, (_, i) => i).filter((i) => !l.includes(i))));
    const u = nn.parameter(engine, Float32Array.from({ length: b * dim }, () => rng.normal()), [b, dim]);
    const table = nn.parameter(engine, Float32Array.from({ length: items * dim }, () => rng.normal()), [items, dim]);
    const pos = Int32Array.from([3, 2, 5, 0]);
    const o = { margin: 0.2, negativeWeight: 4 };
    const posRows = () => nn.embedding(table, nn.prepareIds(engine, pos, items, "pos"));
    const ours = tidy(() => nn.valueAndGrads(() => allItemsLoss(engine, u, posRows(), table, unseenWeights(seen, users, items), o)));
    const ref = tidy(() => nn.valueAndGrads(() => nn.simplexLoss(u, posRows(), nn.embedding(table, nn.prepareIds(engine, negs, items, "neg")), o)));
    expect(await ours.value.item()).toBeCloseTo(await ref.value.item(), 5);
    for (const [p, rows] of [[u, b], [table, items]] as const) {
      const [a, r] = [await dense(ours.grads.get(p)!, rows, dim), await dense(ref.grads.get(p)!, rows, dim)];
      for (let i = 0; i < r.length; i++) expect(a[i]!).toBeCloseTo(r[i]!, 4);
    }
  });
});
