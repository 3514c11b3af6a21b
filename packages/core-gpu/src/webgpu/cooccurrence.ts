/**
 * Co-occurrence on the GPU, blockwise: for a block of items [b0, b1) (× a span of columns when
 * a row of the catalogue exceeds a binding), pair expansion fills a block accumulator, which is
 * either read back (dense) or reduced in place to per-item top-N lists (fused: only N entries
 * per item come back). Memory stays bounded by the block, never nItems². Items without entries
 * are left out first (cooccurrence-compact.ts). When one block holds the whole catalogue, only
 * the upper triangle is expanded (C is symmetric).
 */
import { emptyTopK } from "../reference/topk.ts";
import { checkCooccurrenceTopN } from "../reference/cooccurrence.ts";
import { checkCsr, checkLength } from "../reference/validate.ts";
import type { CooccurrenceOptions, Csr, TopK } from "../types.ts";
import { compactItems, compactTransform, expandDense, expandTopK } from "./cooccurrence-compact.ts";
import { COUNT_PAIRS, expandPairs, UNIT_VALUES, uploadChunk, UPPER_ONLY, type ChunkSlices } from "./cooccurrence-expand.ts";
import { userChunks } from "./cooccurrence-prep.ts";
import { PRESENCE_FROM_SUM, selectProgram, SYMMETRIC } from "./cooccurrence-select.ts";
import { itemsPerBinding, spans, type Span } from "./dispatch-grid.ts";
import type { OpContext } from "./op-context.ts";
import type { GpuRuntime } from "./runtime.ts";
import { roundWidth, selectRounds } from "./topk-kernel.ts";
import { storeTopK } from "./topk-merge.ts";

/** Default accumulator budget per block (values and co-counts together). */
const BLOCK_BYTES = 64 * 2 ** 20;

/** Uploads every user chunk once; they serve every block. */
function uploadChunks(ctx: OpContext, x: Csr, rowWeights: Float32Array | undefined): ChunkSlices[] {
  // cscRef holds two u32 per entry, so a chunk gets half a binding of entries.
  return userChunks(x, rowWeights, Math.floor(ctx.rt.maxElems / 2)).map((c) => uploadChunk(ctx, c));
}

/**
 * True when every term w_u·x_ui·x_uj is positive and too large to vanish in f32, so a pair's
 * sum is positive exactly when the pair shares a user.
 * @example
 * allTermsPositive(x, undefined); // true for a CSR without values
 */
export function allTermsPositive(x: Csr, rowWeights: Float32Array | undefined): boolean {
  let minW = Infinity;
  for (let u = 0; u < x.rows; u++) {
    if (x.indptr[u + 1]! > x.indptr[u]!) minW = Math.min(minW, rowWeights ? rowWeights[u]! : 1);
  }
  let minX = x.values ? Infinity : 1;
  if (x.values) for (const v of x.values) minX = Math.min(minX, v);
  // NaN weights or values fail the comparisons and so keep counting on.
  return minW > 0 && minX > 0 && minW * minX * minX >= 1e-30;
}

/**
 * Item blocks × column spans covering the n×n result: each block's accumulator (and its
 * `outWidth` results per item) within a binding, and by default within BLOCK_BYTES.
 */
function blocks(n: number, maxElems: number, bytesPerEntry: number, outWidth: number, blockItems?: number, from = 0, to = n): { rows: Span[]; cols: Span[] } {
  const cols = spans(n, maxElems);
  const width = cols[0] ? cols[0].end - cols[0].start : 1;
  const byBudget = itemsPerBinding(BLOCK_BYTES / bytesPerEntry, width);
  // A block's item pointers hold rows + 1 entries.
  const rowsPer = Math.min(itemsPerBinding(maxElems, width), itemsPerBinding(maxElems, outWidth), maxElems - 1, blockItems ?? byBudget);
  // Row blocks cover the items asked for, [from, to); columns always span the whole catalogue.
  const rows = spans(to - from, rowsPer).map((s) => ({ start: s.start + from, end: s.end + from }));
  return { rows, cols };
}

/** First position p of the ascending `ids` with ids[p] ≥ v. */
function lowerBound(ids: Int32Array, v: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Dense CᵀC with the semantics of Backend.cooccurrenceDense.
 * @example
 * const c = await gpuCooccurrenceDense(rt, x);
 */
export async function gpuCooccurrenceDense(rt: GpuRuntime, x: Csr, rowWeights?: Float32Array): Promise<Float32Array> {
  checkCsr(x, "cooccurrence x");
  checkLength(rowWeights, x.rows, "cooccurrence rowWeights");
  const n = x.cols;
  const out = new Float32Array(n * n);
  if (out.length === 0 || x.indices.length === 0) return out;
  const compact = compactItems(x);
  if (compact) {
    expandDense(await denseActive(rt, compact.x, rowWeights), compact.ids, out, n);
    return out;
  }
  return denseActive(rt, x, rowWeights, out);
}

/** Dense co-occurrence of a CSR whose items all have entries. */
async function denseActive(rt: GpuRuntime, x: Csr, rowWeights: Float32Array | undefined, out = new Float32Array(x.cols * x.cols)): Promise<Float32Array> {
  const n = x.cols;
  return rt.op("cooccurrenceDense", async (ctx) => {
    const chunks = uploadChunks(ctx, x, rowWeights);
    const { rows, cols } = blocks(n, rt.maxElems, 4, 1);
    const noCounts = ctx.scratch(16);
    // One block holding all of C: expand the upper triangle only and mirror it here.
    const upper = rows.length === 1 && cols.length === 1;
    const flags = (x.values ? 0 : UNIT_VALUES) | (upper ? UPPER_ONLY : 0);
    for (const span of cols) {
      const width = span.end - span.start;
      for (const b of rows) {
        ctx.checkpoint();
        const acc = ctx.zeros(4 * (b.end - b.start) * width);
        for (const c of chunks) await expandPairs(ctx, c, acc, noCounts, b.start, b.end, span.start, span.end, flags);
        await ctx.readBlock(acc, out, 0, n, b.start, b.end, span.start);
        ctx.release(acc);
      }
    }
    if (upper) {
      for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) out[i * n + j] = out[j * n + i]!;
    }
    return out;
  });
}

/**
 * Blockwise co-occurrence fused with per-item top-N, with the semantics of
 * Backend.cooccurrenceTopN (the items of `o.items`, all by default). `o.signal` is checked
 * before starting and between GPU submissions.
 * @example
 * const nn = await gpuCooccurrenceTopN(rt, x, { topN: 20, transform: { kind: "cosine", rowStat } });
 */
export async function gpuCooccurrenceTopN(rt: GpuRuntime, x: Csr, o: CooccurrenceOptions): Promise<TopK> {
  const { from, to } = checkCooccurrenceTopN(x, o);
  o.signal?.throwIfAborted();
  const rows = to - from;
  const k = o.topN;
  const out = emptyTopK(rows, k);
  if (rows === 0 || k === 0 || x.indices.length === 0) {
    o.onProgress?.(rows, rows);
    return out;
  }
  const compact = compactItems(x);
  if (!compact) return topNActive(rt, x, { ...o, items: { from, to } }, out);
  const ids = compact.ids;
  // The active items of the range are compact items [lo, hi).
  const lo = lowerBound(ids, from);
  const hi = lowerBound(ids, to);
  if (hi === lo) {
    o.onProgress?.(rows, rows);
    return out;
  }
  const part = await topNActive(rt, compact.x, {
    ...o,
    items: { from: lo, to: hi },
    transform: compactTransform(o.transform, ids),
    // Items before the next active one are done too.
    onProgress: o.onProgress && ((done: number) => o.onProgress!((lo + done < hi ? ids[lo + done]! : to) - from, rows)),
  }, emptyTopK(hi - lo, k));
  expandTopK(part, ids, out, lo, from);
  return out;
}

/**
 * Top-N co-occurrence of a CSR whose items all have entries, for the items [from, to) of
 * `o.items` (set by the caller), written into `out` (item i at row i − from).
 */
async function topNActive(rt: GpuRuntime, x: Csr, o: CooccurrenceOptions, out: TopK): Promise<TopK> {
  const n = x.cols;
  const k = o.topN;
  const { from, to } = o.items!;
  return rt.op("cooccurrenceTopN", async (ctx) => {
    const maxElems = rt.maxElems;
    const chunks = uploadChunks(ctx, x, o.rowWeights);
    const minCount = Math.max(1, o.minCount ?? 1);
    // Co-counts cost a second read-modify-write per pair: skip them when the sums tell presence.
    const counting = minCount > 1 || !allTermsPositive(x, o.rowWeights);
    const { rows, cols } = blocks(n, maxElems, counting ? 8 : 4, roundWidth(k, maxElems), o.blockItems, from, to);
    const t = o.transform ?? { kind: "none" as const };
    const stat = t.kind === "none" ? undefined : t.rowStat;
    const shrink = t.kind === "none" ? 0 : t.shrink ?? 0;
    const alpha = t.kind === "asymmetric" ? t.alpha : 0;
    // One block holding all of C: expand the upper triangle only, select reads it both ways.
    const upper = from === 0 && to === n && rows.length === 1 && cols.length === 1;
    const expandFlags = (x.values ? 0 : UNIT_VALUES) | (counting ? COUNT_PAIRS : 0) | (upper ? UPPER_ONLY : 0);
    const selectFlags = (counting ? 0 : PRESENCE_FROM_SUM) | (upper ? SYMMETRIC : 0);
    const noStat = ctx.scratch(16);
    // Every row block reads the same column spans' stats: upload them once (n floats in all).
    const statCols = cols.map((span) => (stat ? ctx.upload(stat.subarray(span.start, span.end)) : noStat));
    for (const b of rows) {
      const bn = b.end - b.start;
      const statRows = stat ? ctx.upload(stat.subarray(b.start, b.end)) : noStat;
      for (const [s, span] of cols.entries()) {
        ctx.checkpoint();
        const width = span.end - span.start;
        const acc = ctx.zeros(4 * bn * width);
        const cnt = counting ? ctx.zeros(4 * bn * width) : noStat;
        for (const c of chunks) await expandPairs(ctx, c, acc, cnt, b.start, b.end, span.start, span.end, expandFlags);
        const res = await selectRounds(ctx, bn, k, {
          program: (cap) => selectProgram(t.kind, cap),
          inputs: [acc, cnt, statRows, statCols[s]!],
          uniforms: (kk, limWidth, flags) => [bn, width, b.start, span.start, kk, limWidth, flags | selectFlags, minCount, shrink, alpha],
          bytes: 8 * bn * width,
        });
        storeTopK(out, res, b.start - from, cols.length > 1);
        ctx.release(acc);
        if (counting) ctx.release(cnt);
      }
      if (stat) ctx.release(statRows);
      o.onProgress?.(b.end - from, to - from);
      ctx.checkpoint();
    }
    return out;
  }, o.signal);
}
