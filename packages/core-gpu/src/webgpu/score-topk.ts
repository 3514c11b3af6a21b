/**
 * scoreTopK on the GPU: per query, the top-K keys by dot product, fused block by block. A block
 * of queries is multiplied with a span of keys into a scores buffer that stays on the GPU, the
 * top-K kernel reads it in place, and only rows×K results come back: the nq×nk score matrix is
 * never materialised. Key spans (when keys exceed a binding) are merged on the host.
 */
import { emptyTopK } from "../reference/topk.ts";
import { checkCount, checkCsr, checkScoreOperands, checkTopK } from "../reference/validate.ts";
import type { Csr, TopK } from "../types.ts";
import { itemsPerBinding, spans } from "./dispatch-grid.ts";
import { releaseExclusions, restrictColumns, rowBlocks, uploadExclusions } from "./exclusion.ts";
import { matmulTile, runMatmul } from "./matmul-kernel.ts";
import type { GpuRuntime } from "./runtime.ts";
import { roundWidth, runTopK } from "./topk-kernel.ts";
import { storeTopK } from "./topk-merge.ts";

/** Scores held on the GPU per block: bounds memory whatever nq and nk are. */
const BLOCK_SCORE_BYTES = 64 * 2 ** 20;

/**
 * Top-K of Q·Kᵀ per query row with the semantics of Backend.scoreTopK. Each query and key
 * vector (dim·4 bytes) must fit a storage binding.
 * @example
 * const top = await gpuScoreTopK(rt, users, 6040, items, 3706, 64, 10, seen);
 */
export async function gpuScoreTopK(
  rt: GpuRuntime, q: Float32Array, nq: number, keys: Float32Array, nk: number, dim: number, k: number, exclude?: Csr,
): Promise<TopK> {
  checkCount("scoreTopK nq", nq);
  checkCount("scoreTopK nk", nk);
  checkCount("scoreTopK dim", dim);
  checkScoreOperands(q, nq, keys, nk, dim);
  checkTopK(new Float32Array(0), 0, 0, k);
  if (exclude) checkCsr(exclude, "scoreTopK exclude", { rows: nq, cols: nk });
  const maxElems = rt.maxElems;
  if (dim > maxElems) throw new RangeError(`scoreTopK dim: found ${dim}, expected at most ${maxElems} (one vector per storage binding)`);
  const out = emptyTopK(nq, k);
  if (nq === 0 || k === 0) return out;
  return rt.op("scoreTopK", async (ctx) => {
    const [tm, tn] = matmulTile(ctx);
    const maxGroups = rt.maxWorkgroupsPerDim;
    const perSpan = Math.min(itemsPerBinding(maxElems, dim), maxGroups * tn);
    const keySpans = nk === 0 ? [{ start: 0, end: 0 }] : spans(nk, perSpan);
    const noBias = ctx.scratch(16);
    for (const span of keySpans) {
      const width = span.end - span.start;
      const keySlice = ctx.upload(keys.subarray(span.start * dim, span.end * dim));
      const ex = exclude && keySpans.length > 1 ? restrictColumns(exclude, span.start, span.end) : exclude;
      const blockElems = Math.min(maxElems, BLOCK_SCORE_BYTES / 4);
      const maxRows = Math.min(itemsPerBinding(blockElems, width), itemsPerBinding(maxElems, dim), itemsPerBinding(maxElems, roundWidth(k, maxElems)), maxGroups * tm, maxElems - 1);
      for (const block of rowBlocks(nq, maxRows, ex, maxElems)) {
        ctx.checkpoint();
        const n = block.end - block.start;
        const qSlice = ctx.upload(q.subarray(block.start * dim, block.end * dim));
        const scores = ctx.scratch(4 * n * width);
        await runMatmul(ctx, qSlice, keySlice, noBias, scores, { m: n, n: width, k: dim, batch: 1 }, { transA: false, transB: true, bias: false, relu: false });
        const exSlices = ex ? uploadExclusions(ctx, ex, block.start, block.end) : undefined;
        const part = await runTopK(ctx, { scores, rows: n, cols: width, c0: span.start }, k, exSlices);
        storeTopK(out, part, block.start, keySpans.length > 1);
        for (const s of [qSlice, scores]) ctx.release(s);
        if (exSlices) releaseExclusions(ctx, exSlices);
      }
      ctx.release(keySlice);
    }
    return out;
  });
}
