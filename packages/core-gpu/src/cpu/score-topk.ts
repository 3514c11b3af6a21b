/**
 * Fused scores = Q·Kᵀ then top-K, block by block: a block of queries is scored against a block
 * of keys with MLAS, each row's candidates go into that query's running heap, and the score
 * block is reused. Memory is the block plus one heap per query of the block, never nq×nk.
 */
import type { Csr, TopK } from "../types.ts";
import { checkCount, checkCsr, checkScoreOperands } from "../reference/validate.ts";
import { createHeap, heapDrain } from "./heap.ts";
import { cpuMatmul, type MatmulTuning } from "./matmul.ts";
import type { OpenBlas } from "./openblas.ts";
import type { SessionCache } from "./sessions.ts";
import { scanRow } from "./topk.ts";

/** Block sizes; tests force tiny ones to exercise the block seams. */
export interface ScoreTopKTuning {
  /** Bytes of one score block (queries × keys × 4). */
  blockBytes: number;
  /** Most keys per block: keeps the key block cache-resident when the catalogue is huge. */
  maxBlockKeys: number;
}

export const defaultScoreTopKTuning: ScoreTopKTuning = { blockBytes: 8 << 20, maxBlockKeys: 16_384 };

/**
 * Top-k keys per query by dot product, never materialising the nq×nk score matrix.
 * @example
 * const top = await cpuScoreTopK(cache, q, nq, keys, nk, 64, 10);
 */
export async function cpuScoreTopK(
  cache: SessionCache, q: Float32Array, nq: number, keys: Float32Array, nk: number, dim: number, k: number,
  exclude?: Csr, tuning: ScoreTopKTuning = defaultScoreTopKTuning, matmulTuning?: MatmulTuning, blas?: OpenBlas,
): Promise<TopK> {
  checkCount("scoreTopK nq", nq);
  checkCount("scoreTopK nk", nk);
  checkCount("scoreTopK dim", dim);
  checkCount("scoreTopK k", k);
  checkScoreOperands(q, nq, keys, nk, dim);
  if (exclude) checkCsr(exclude, "scoreTopK exclude", { rows: nq, cols: nk });
  const out: TopK = { rows: nq, k, ids: new Int32Array(nq * k), scores: new Float32Array(nq * k) };
  const keysPer = Math.max(1, Math.min(nk, tuning.maxBlockKeys));
  const queriesPer = Math.max(1, Math.min(nq, Math.floor(tuning.blockBytes / (4 * keysPer))));
  const block = new Float32Array(queriesPer * keysPer);
  const heaps = Array.from({ length: Math.min(queriesPer, nq) }, () => createHeap(k));
  const exPos = new Int32Array(queriesPer);
  for (let q0 = 0; q0 < nq; q0 += queriesPer) {
    const rows = Math.min(queriesPer, nq - q0);
    const qPart = q.subarray(q0 * dim, (q0 + rows) * dim);
    for (let r = 0; r < rows; r++) exPos[r] = exclude ? exclude.indptr[q0 + r]! : 0;
    for (let k0 = 0; k0 < nk; k0 += keysPer) {
      const cols = Math.min(keysPer, nk - k0);
      const scores = block.subarray(0, rows * cols);
      const kPart = keys.subarray(k0 * dim, (k0 + cols) * dim);
      await cpuMatmul(cache, qPart, kPart, { m: rows, n: cols, k: dim, transB: true, out: scores }, matmulTuning, blas);
      for (let r = 0; r < rows; r++) {
        const exEnd = exclude ? exclude.indptr[q0 + r + 1]! : 0;
        exPos[r] = scanRow(heaps[r]!, scores, r * cols, cols, k0, exclude?.indices, exPos[r]!, exEnd);
      }
    }
    for (let r = 0; r < rows; r++) heapDrain(heaps[r]!, out.ids, out.scores, (q0 + r) * k);
  }
  return out;
}
