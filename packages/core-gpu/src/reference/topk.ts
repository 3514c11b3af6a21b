/**
 * Reference top-K: sort every candidate, keep the first k. Slow and obviously right.
 *
 * Order: score descending, ties by lower column. NaN scores are never selected (treated as
 * excluded); -Infinity scores are ordinary candidates. Slots left over when a row has fewer than
 * k candidates hold id -1 and score -Infinity.
 */
import type { Csr, TopK } from "../types.ts";
import { checkCsr, checkScoreOperands, checkTopK } from "./validate.ts";

/**
 * An empty TopK of the given shape: ids -1, scores -Infinity.
 * @example
 * emptyTopK(2, 3).ids; // Int32Array [-1, -1, -1, -1, -1, -1]
 */
export function emptyTopK(rows: number, k: number): TopK {
  return { rows, k, ids: new Int32Array(rows * k).fill(-1), scores: new Float32Array(rows * k).fill(-Infinity) };
}

/**
 * Writes the top k of `score(c)` over candidate columns into row `r` of `out`.
 * @example
 * const out = emptyTopK(1, 2);
 * writeRowTopK(out, 0, [0, 1, 2], (c) => [3, 5, 5][c]!); // ids [1, 2], scores [5, 5]
 */
export function writeRowTopK(out: TopK, r: number, candidates: number[], score: (c: number) => number): void {
  const scored = candidates
    .map((c) => ({ c, s: Math.fround(score(c)) }))
    .filter((e) => !Number.isNaN(e.s))
    .sort((x, y) => (y.s > x.s ? 1 : y.s < x.s ? -1 : x.c - y.c));
  for (let t = 0; t < Math.min(out.k, scored.length); t++) {
    out.ids[r * out.k + t] = scored[t]!.c;
    out.scores[r * out.k + t] = scored[t]!.s;
  }
}

/** Columns of row r of `exclude` as a Set (empty when absent). */
export function excludedSet(exclude: Csr | undefined, r: number): Set<number> {
  const s = new Set<number>();
  if (!exclude) return s;
  for (let p = exclude.indptr[r]!; p < exclude.indptr[r + 1]!; p++) s.add(exclude.indices[p]!);
  return s;
}

/**
 * Per-row top-K of a rows×cols matrix, skipping excluded entries.
 * @example
 * referenceTopK(new Float32Array([1, 3, 2]), 1, 3, 2); // ids [1, 2], scores [3, 2]
 */
export function referenceTopK(scores: Float32Array, rows: number, cols: number, k: number, exclude?: Csr): TopK {
  checkTopK(scores, rows, cols, k);
  if (exclude) checkCsr(exclude, "topK exclude", { rows, cols });
  const out = emptyTopK(rows, k);
  for (let r = 0; r < rows; r++) {
    const ex = excludedSet(exclude, r);
    const candidates: number[] = [];
    for (let c = 0; c < cols; c++) if (!ex.has(c)) candidates.push(c);
    writeRowTopK(out, r, candidates, (c) => scores[r * cols + c]!);
  }
  return out;
}

/**
 * Top-K of scores = Q·Kᵀ per query row (q is nq×dim, keys nk×dim), dot products in f64.
 * @example
 * referenceScoreTopK(new Float32Array([1, 0]), 1, new Float32Array([0, 1, 2, 0]), 2, 2, 1); // ids [1]
 */
export function referenceScoreTopK(
  q: Float32Array, nq: number, keys: Float32Array, nk: number, dim: number, k: number, exclude?: Csr,
): TopK {
  checkScoreOperands(q, nq, keys, nk, dim);
  const scores = new Float32Array(nq * nk);
  for (let i = 0; i < nq; i++) {
    for (let j = 0; j < nk; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += q[i * dim + d]! * keys[j * dim + d]!;
      scores[i * nk + j] = s;
    }
  }
  return referenceTopK(scores, nq, nk, k, exclude);
}
