import { describe, expect, test } from "bun:test";
import { createCpuEngine, tidy } from "@shortlist/core-gpu";
import * as nn from "@shortlist/core-gpu/nn";
import { SimplexModel } from "./model.ts";
import { countsOf, historyCounts } from "./reg.ts";

/** Dense host copy of a gradient (row-sparse ones scattered into zeros). */
async function dense(g: nn.Grad | undefined, rows: number, dim: number): Promise<Float64Array> {
  const out = new Float64Array(rows * dim);
  if (!g) return out;
  if (!nn.isRowSparse(g)) return Float64Array.from((await g.read()) as Float32Array);
  const v = (await g.values.read()) as Float32Array;
  g.rows.forEach((r, k) => {
    for (let d = 0; d < dim; d++) out[r * dim + d]! += v[k * dim + d]!;
  });
  return out;
}

test("countsOf and historyCounts count every lookup", () => {
  expect(Array.from(countsOf(Int32Array.from([1, 0, 1, 1]), 3))).toEqual([1, 3, 0]);
  // bags: user A (×2) has items 4, 1; user B (×1) has items 1, 2
  const h = historyCounts(Int32Array.from([4, 1, 1, 2]), Int32Array.from([0, 2, 4]), Float32Array.from([2, 1]), 6);
  expect(Array.from(h.unique)).toEqual([1, 2, 4]);
  expect(Array.from(h.counts)).toEqual([3, 1, 2]);
});

// [users, items, dim, negatives per positive]: 0 = every unseen item; dim 2 with N 1 takes nn.simplexLoss's path.
describe("regWeight: RecBole's EmbLoss, reg · (‖E_user‖ + ‖E_pos‖ + ‖E_hist‖ + ‖E_neg‖) / B", () => {
  for (const [users, items, dim, n] of [[5, 9, 4, 0], [6, 11, 3, 4], [4, 30, 2, 1]] as const) {
    test(`value and gradients against the norms of the repeated rows (${users} users, ${items} items, dim ${dim}, N ${n})`, async () => {
      const engine = createCpuEngine();
      const rng = new nn.Rng(users * 31 + n);
      const lists = Array.from({ length: users }, () => Array.from(new Set(Array.from({ length: 1 + rng.int(4) }, () => rng.int(items)))).sort((a, b) => a - b));
      const offsets = Int32Array.from([0, ...lists.map((_, u) => lists.slice(0, u + 1).flat().length)]);
      const ids = Int32Array.from(lists.flat());
      const seen = { rows: users, cols: items, indptr: offsets, indices: ids };
      const model = new SimplexModel(engine, { offsets, ids }, { users, items, dim, gamma: 0.4, dropout: 0.2, margin: 0.1, negativeWeight: 3, seed: 9 }, seen);
      const batchUsers = Int32Array.from({ length: 8 }, () => rng.int(users)); // users repeat
      const b = { users: batchUsers, pos: Int32Array.from(batchUsers, (u) => lists[u]![0]!), negs: Int32Array.from({ length: 8 * n }, () => rng.int(items)) };
      const reg = 0.3;
      const run = (w: number) => tidy(() => nn.valueAndGrads(() => model.loss(b, 77, w)));
      const [withReg, without] = [run(reg), run(0)];
      // Plain reference on the host: every lookup a row, the padding-free histories, one norm per group.
      const U = Float64Array.from((await model.user.table.read()) as Float32Array);
      const I = Float64Array.from((await model.item.table.read()) as Float32Array);
      const groups: Array<{ table: Float64Array; rows: number[] }> = [
        { table: U, rows: Array.from(batchUsers) },
        { table: I, rows: Array.from(b.pos) },
        { table: I, rows: Array.from(batchUsers).flatMap((u) => lists[u]!) },
        ...(n > 0 ? [{ table: I, rows: Array.from(b.negs) }] : []),
      ];
      const gU = new Float64Array(users * dim);
      const gI = new Float64Array(items * dim);
      let value = 0;
      for (const g of groups) {
        let sq = 0;
        for (const r of g.rows) for (let d = 0; d < dim; d++) sq += g.table[r * dim + d]! ** 2;
        const norm = Math.sqrt(sq);
        value += (reg * norm) / 8;
        const out = g.table === U ? gU : gI;
        for (const r of g.rows) for (let d = 0; d < dim; d++) out[r * dim + d]! += (reg / 8) * (g.table[r * dim + d]! / norm);
      }
      expect((await withReg.value.item()) - (await without.value.item())).toBeCloseTo(value, 5);
      for (const [p, rows, want] of [[model.user.table, users, gU], [model.item.table, items, gI]] as const) {
        const [a, z] = [await dense(withReg.grads.get(p), rows, dim), await dense(without.grads.get(p), rows, dim)];
        for (let k = 0; k < want.length; k++) expect(a[k]! - z[k]!).toBeCloseTo(want[k]!, 4);
      }
    });
  }
});
