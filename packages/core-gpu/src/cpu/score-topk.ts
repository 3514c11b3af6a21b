/**
 * Fused scores = Q·Kᵀ then top-K, block by block: a block of queries is scored against a block
 * of keys, each row's candidates go into that query's running heap, and the score block is
 * reused. Memory is the blocks plus one heap per query of a block, never nq×nk. With OpenBLAS
 * and Bun's TinyCC the whole loop is C (native/blas-topk.c: each thread scores and scans its own
 * chunks of queries); otherwise blocks are scored with MLAS (or OpenBLAS) here and scanned in C
 * over `threads` (native/topk-scan.c), or in TypeScript on one thread. All give the same lists.
 */
import type { Csr, TopK } from "../types.ts";
import { checkCount, checkCsr, checkScoreOperands } from "../reference/validate.ts";
import { createHeap, heapDrain } from "./heap.ts";
import { cpuMatmul, defaultMatmulTuning, type MatmulTuning } from "./matmul.ts";
import type { OpenBlas } from "./openblas.ts";
import type { SessionCache } from "./sessions.ts";
import { blasTopK } from "./native/blas-topk.ts";
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
  /**
   * The OpenBLAS path's chunk: queries a thread claims at once and keys per sgemm (defaults 512
   * and 512: the 1 MiB of scores stays in a core's L2 between the sgemm and the scan). Measured
   * on one thread, 8,192 × 100,000 × 64: 256–1,024 either way within ~7%, 64 queries ~50%
   * slower (OpenBLAS packs the keys again for every chunk).
   */
  chunkQueries?: number;
  chunkKeys?: number;
  /** false: skip the OpenBLAS path, take the block path (tests compare the two). */
  fused?: boolean;
}

export const defaultScoreTopKTuning: ScoreTopKTuning = { blockBytes: 8 << 20, maxBlockKeys: 16_384, chunkQueries: 512, chunkKeys: 512 };

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
  const small = nq * nk * dim <= (matmulTuning ?? defaultMatmulTuning).smallWork; // matmul's f64 loop: keep its scores
  const fused = blas && !small && k > 0 && tuning.native !== false && tuning.fused !== false ? blasTopK() : undefined;
  if (fused) {
    const threads = Math.max(1, tuning.threads ?? 1);
    // At least ~4 chunks a thread, so that the last chunks still spread over the threads; a huge
    // k shrinks the chunk so that its heaps (8 bytes a slot) stay within ~16 MiB a thread.
    const spread = Math.max(16, Math.min(tuning.chunkQueries ?? 512, Math.ceil(nq / (4 * threads))));
    const queries = Math.max(1, Math.min(spread, Math.floor((16 << 20) / (8 * k))));
    fused.run(q, nq, keys, nk, dim, k, exclude, out, { queries, keys: tuning.chunkKeys ?? 512 }, threads);
    return out;
  }
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
