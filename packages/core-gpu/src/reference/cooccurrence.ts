/**
 * Reference co-occurrence in f64. The dense form loops over every user's item pairs; the top-N
 * form builds each item's row as a Map (memory O(nnz + row), so large catalogues with large ids
 * stay testable), then sorts it.
 */
import type { CooccurrenceOptions, Csr, TopK } from "../types.ts";
import { emptyTopK, writeRowTopK } from "./topk.ts";
import { checkTransform, pairScorer } from "./transform.ts";
import { checkCount, checkCsr, checkItemRange, checkLength } from "./validate.ts";

/**
 * C[i,j] = Σ_u w_u·x_ui·x_uj over all item pairs, diagonal included.
 * @example
 * const x = { rows: 1, cols: 2, indptr: new Int32Array([0, 2]), indices: new Int32Array([0, 1]) };
 * referenceCooccurrenceDense(x); // [1, 1, 1, 1]
 */
export function referenceCooccurrenceDense(x: Csr, rowWeights?: Float32Array): Float32Array {
  checkCsr(x, "cooccurrence x");
  checkLength(rowWeights, x.rows, "cooccurrence rowWeights");
  const n = x.cols;
  const c = new Float64Array(n * n);
  for (let u = 0; u < x.rows; u++) {
    const w = rowWeights ? rowWeights[u]! : 1;
    for (let p = x.indptr[u]!; p < x.indptr[u + 1]!; p++) {
      for (let q = x.indptr[u]!; q < x.indptr[u + 1]!; q++) {
        const xi = x.values ? x.values[p]! : 1;
        const xj = x.values ? x.values[q]! : 1;
        c[x.indices[p]! * n + x.indices[q]!]! += w * xi * xj;
      }
    }
  }
  return Float32Array.from(c);
}

/** Row i of the co-occurrence as a Map j → { sum, count } (count = shared users). */
function itemRow(x: Csr, entriesOf: number[][], userOf: Int32Array, i: number, w?: Float32Array) {
  const row = new Map<number, { sum: number; count: number }>();
  for (const p of entriesOf[i]!) {
    const u = userOf[p]!;
    const wx = (w ? w[u]! : 1) * (x.values ? x.values[p]! : 1);
    for (let q = x.indptr[u]!; q < x.indptr[u + 1]!; q++) {
      const j = x.indices[q]!;
      const e = row.get(j) ?? { sum: 0, count: 0 };
      e.sum += wx * (x.values ? x.values[q]! : 1);
      e.count += 1;
      row.set(j, e);
    }
  }
  return row;
}

/**
 * Checks a cooccurrenceTopN call (x, topN, rowWeights, transform, blockItems, items) for every
 * backend and returns the item range to compute.
 * @example
 * const { from, to } = checkCooccurrenceTopN(x, { topN: 20 }); // 0, x.cols
 */
export function checkCooccurrenceTopN(x: Csr, o: CooccurrenceOptions): { from: number; to: number } {
  checkCsr(x, "cooccurrence x");
  checkCount("cooccurrence topN", o.topN);
  checkLength(o.rowWeights, x.rows, "cooccurrence rowWeights");
  checkTransform(o.transform, x.cols);
  // Every backend refuses a block size it cannot use, rather than each reading 0 its own way.
  if (o.blockItems !== undefined && (!Number.isInteger(o.blockItems) || o.blockItems < 1)) {
    throw new RangeError(`cooccurrence blockItems: found ${o.blockItems}, expected a positive integer`);
  }
  return checkItemRange(o.items, x.cols, "cooccurrence items");
}

/**
 * Per item i, the topN items j ≠ i by transformed score, among pairs sharing at least
 * max(1, minCount) users (items that never co-occur are never neighbours).
 * @example
 * const x = { rows: 1, cols: 2, indptr: new Int32Array([0, 2]), indices: new Int32Array([0, 1]) };
 * referenceCooccurrenceTopN(x, { topN: 1 }).ids; // [1, 0]
 */
export function referenceCooccurrenceTopN(x: Csr, o: CooccurrenceOptions): TopK {
  const { from, to } = checkCooccurrenceTopN(x, o);
  const n = x.cols;
  const entriesOf: number[][] = Array.from({ length: n }, () => []);
  const userOf = new Int32Array(x.indices.length);
  for (let u = 0; u < x.rows; u++) {
    for (let p = x.indptr[u]!; p < x.indptr[u + 1]!; p++) {
      entriesOf[x.indices[p]!]!.push(p);
      userOf[p] = u;
    }
  }
  const minCount = Math.max(1, o.minCount ?? 1);
  const score = pairScorer(o.transform);
  const out = emptyTopK(to - from, o.topN);
  for (let i = from; i < to; i++) {
    const row = itemRow(x, entriesOf, userOf, i, o.rowWeights);
    const candidates = [...row.keys()].filter((j) => j !== i && row.get(j)!.count >= minCount);
    writeRowTopK(out, i - from, candidates, (j) => score(row.get(j)!.sum, i, j));
  }
  o.onProgress?.(to - from, to - from);
  return out;
}
