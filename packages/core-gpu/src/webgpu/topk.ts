/**
 * topK on the GPU: per-row top-K of a rows×cols score matrix, with optional exclusions. Rows
 * are processed in blocks that fit a binding; rows wider than a binding are cut into column
 * spans whose top-K lists are merged on the host.
 */
import { emptyTopK } from "../reference/topk.ts";
import { checkCsr, checkTopK } from "../reference/validate.ts";
import type { Csr, TopK } from "../types.ts";
import { itemsPerBinding, spans, type Span } from "./dispatch-grid.ts";
import { releaseExclusions, restrictColumns, rowBlocks, uploadExclusions } from "./exclusion.ts";
import { matrixBlock } from "./host-blocks.ts";
import type { OpContext } from "./op-context.ts";
import type { GpuRuntime } from "./runtime.ts";
import { roundWidth, runTopK, type ScoreBlock } from "./topk-kernel.ts";
import { storeTopK } from "./topk-merge.ts";

/**
 * Per-row top-K with the semantics of Backend.topK.
 * @example
 * const top = await gpuTopK(rt, scores, 6040, 3706, 10);
 */
export async function gpuTopK(rt: GpuRuntime, scores: Float32Array, rows: number, cols: number, k: number, exclude?: Csr): Promise<TopK> {
  checkTopK(scores, rows, cols, k);
  if (exclude) checkCsr(exclude, "topK exclude", { rows, cols });
  const out = emptyTopK(rows, k);
  if (rows === 0 || k === 0) return out;
  return rt.op("topK", async (ctx) => {
    const maxElems = rt.maxElems;
    const colSpans = cols === 0 ? [{ start: 0, end: 0 }] : spans(cols, maxElems);
    for (const span of colSpans) {
      const ex = exclude && colSpans.length > 1 ? restrictColumns(exclude, span.start, span.end) : exclude;
      await topKSpan(ctx, scores, rows, cols, k, span, ex, out, colSpans.length > 1);
    }
    return out;
  });
}

/** The top-K of columns `span` of every row, written into `out` (merged when `merge`). */
async function topKSpan(ctx: OpContext, scores: Float32Array, rows: number, cols: number, k: number, span: Span, ex: Csr | undefined, out: TopK, merge: boolean): Promise<void> {
  const maxElems = ctx.rt.maxElems;
  const width = span.end - span.start;
  const maxRows = Math.min(itemsPerBinding(maxElems, width), itemsPerBinding(maxElems, roundWidth(k, maxElems)), maxElems - 1);
  for (const block of rowBlocks(rows, maxRows, ex, maxElems)) {
    ctx.checkpoint();
    const n = block.end - block.start;
    const data = matrixBlock(scores, 0, cols, block.start, block.end, span.start, span.end);
    const scoreBlock: ScoreBlock = { scores: ctx.upload(data), rows: n, cols: width, c0: span.start };
    const exSlices = ex ? uploadExclusions(ctx, ex, block.start, block.end) : undefined;
    const part = await runTopK(ctx, scoreBlock, k, exSlices);
    storeTopK(out, part, block.start, merge);
    ctx.release(scoreBlock.scores);
    if (exSlices) releaseExclusions(ctx, exSlices);
  }
}
