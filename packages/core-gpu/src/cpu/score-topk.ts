/**
 * Fused scores = Q·Kᵀ then top-K, block by block: a block of queries is scored against a block
 * of keys with MLAS (or OpenBLAS), each row's candidates go into that query's running heap, and
 * the score block is reused. Memory is the block plus one heap per query of the block, never
 * nq×nk. The heap scan runs in C over `threads` (native/topk-scan.c) where Bun's TinyCC compiles
 * it, else in TypeScript on one thread; both give the same lists.
 */
import type { Csr, TopK } from "../types.ts";
import { checkCount, checkCsr, checkScoreOperands } from "../reference/validate.ts";
import { createHeap, heapDrain } from "./heap.ts";
import { cpuMatmul, type MatmulTuning } from "./matmul.ts";
import type { OpenBlas } from "./openblas.ts";
import type { SessionCache } from "./sessions.ts";
import { nativeTopKScan, type TopKScan } from "./native/topk-scan.ts";
import { scanRow } from "./topk.ts";

/** Block sizes; tests force tiny ones to exercise the block seams. */
export interface ScoreTopKTuning {
  /** Bytes of one score block (queries × keys × 4). */
  blockBytes: number;
  /** Most keys per block: keeps the key block cache-resident when the catalogue is huge. */
  maxBlockKeys: number;
  /** Threads of the native scan (default 1; the CPU backend passes its thread count). */
  threads?: number;
  /** false: scan in TypeScript even where the native scan compiles (tests compare the two). */
  native?: boolean;
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
  const scan = tuning.native === false ? undefined : nativeTopKScan();
  if (scan && k > 0) {
    await nativeBlocks(scan, cache, q, nq, keys, nk, dim, k, out, exclude, tuning, matmulTuning, blas);
    return out;
  }
  const { keysPer, queriesPer } = blockShape(nq, nk, tuning);
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

/** Block sizes for nq queries against nk keys. */
function blockShape(nq: number, nk: number, tuning: ScoreTopKTuning): { keysPer: number; queriesPer: number } {
  const keysPer = Math.max(1, Math.min(nk, tuning.maxBlockKeys));
  return { keysPer, queriesPer: Math.max(1, Math.min(nq, Math.floor(tuning.blockBytes / (4 * keysPer)))) };
}

/** cpuScoreTopK's loop with the heaps in flat arrays that the native scan updates over threads. */
async function nativeBlocks(
  scan: TopKScan, cache: SessionCache, q: Float32Array, nq: number, keys: Float32Array, nk: number, dim: number, k: number,
  out: TopK, exclude: Csr | undefined, tuning: ScoreTopKTuning, matmulTuning?: MatmulTuning, blas?: OpenBlas,
): Promise<void> {
  const { keysPer, queriesPer } = blockShape(nq, nk, tuning);
  const block = new Float32Array(Math.max(1, queriesPer * keysPer));
  const heaps = { k, scores: new Float32Array(queriesPer * k), ids: new Int32Array(queriesPer * k), size: new Int32Array(queriesPer) };
  const ex = exclude ? { indices: exclude.indices, expos: new Int32Array(queriesPer), exend: new Int32Array(queriesPer) } : undefined;
  const threads = Math.max(1, tuning.threads ?? 1);
  for (let q0 = 0; q0 < nq; q0 += queriesPer) {
    const rows = Math.min(queriesPer, nq - q0);
    const qPart = q.subarray(q0 * dim, (q0 + rows) * dim);
    heaps.size.fill(0);
    if (ex && exclude) {
      for (let r = 0; r < rows; r++) {
        ex.expos[r] = exclude.indptr[q0 + r]!;
        ex.exend[r] = exclude.indptr[q0 + r + 1]!;
      }
    }
    for (let k0 = 0; k0 < nk; k0 += keysPer) {
      const cols = Math.min(keysPer, nk - k0);
      const scores = block.subarray(0, rows * cols);
      await cpuMatmul(cache, qPart, keys.subarray(k0 * dim, (k0 + cols) * dim), { m: rows, n: cols, k: dim, transB: true, out: scores }, matmulTuning, blas);
      scan.scan(scores, rows, cols, k0, heaps, threads, ex);
    }
    for (let r = 0; r < rows; r++) {
      const h = { k, size: heaps.size[r]!, scores: heaps.scores.subarray(r * k, (r + 1) * k), ids: heaps.ids.subarray(r * k, (r + 1) * k) };
      heapDrain(h, out.ids, out.scores, (q0 + r) * k);
    }
  }
}
