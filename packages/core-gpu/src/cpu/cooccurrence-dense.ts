/**
 * Dense co-occurrence for small catalogues: the same row kernel as the top-N path, each item's
 * row accumulated in f64 and written out whole. Single-threaded: the n×n output, not the
 * arithmetic, bounds the sizes this is meant for.
 */
import type { Csr } from "../types.ts";
import { checkCsr, checkLength } from "../reference/validate.ts";
import { createScratch } from "./cooccurrence-job.ts";
import { accumulateItem } from "./cooccurrence-kernel.ts";
import { buildJob } from "./cooccurrence.ts";

/**
 * C = XᵀWX as an n_cols×n_cols row-major matrix, diagonal included.
 * @example
 * cpuCooccurrenceDense({ rows: 1, cols: 2, indptr: new Int32Array([0, 2]), indices: new Int32Array([0, 1]) }); // [1, 1, 1, 1]
 */
export function cpuCooccurrenceDense(x: Csr, rowWeights?: Float32Array): Float32Array {
  checkCsr(x, "cooccurrence x");
  checkLength(rowWeights, x.rows, "cooccurrence rowWeights");
  const n = x.cols;
  const job = buildJob(x, { topN: 0, rowWeights }, false);
  const weighted = job.colScale !== undefined;
  const s = createScratch(n);
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const nt = accumulateItem(job, s, i, true);
    for (let t = 0; t < nt; t++) {
      const j = s.touched[t]!;
      out[i * n + j] = weighted ? s.acc[j]! : s.count[j]!;
      s.acc[j] = 0;
      s.count[j] = 0;
    }
  }
  return out;
}
