/**
 * WebGPU Swing: items in consecutive blocks whose accumulators (block × nItems f32) fit one
 * storage binding; each block's user pairs run as one or more dispatches of the swing-pairs
 * kernel, then the host reads the block back and keeps each row's top N. Memory on the device
 * is bounded by the block, never nItems².
 */
import { createHeap, heapDrain, heapPush } from "../cpu/heap.ts";
import { emptyTopK } from "../reference/topk.ts";
import type { Csr, TopK } from "../types.ts";
import { gridFor } from "../webgpu/dispatch-grid.ts";
import type { OpContext, Slice } from "../webgpu/op-context.ts";
import type { GpuRuntime } from "../webgpu/runtime.ts";
import type { SwingOptions } from "./types.ts";
import { checkSwing, swingItemRange } from "./validate.ts";
import { SWING_WORKGROUP, swingPairsProgram } from "./wgsl-program.ts";

/** Pairs per dispatch: keeps one submission short enough for watchdogs and software adapters. */
export const SWING_PAIRS_PER_DISPATCH = 1 << 22;

/** A block of consecutive items [first, end) and its pair count. */
interface SwingBlock {
  first: number;
  end: number;
  pairs: number;
}

/**
 * Splits the items [from, to) (default: all) into blocks: at most `maxRows` rows each
 * (accumulator binding), and at most 2^31 pairs (u32 indices in the kernel).
 * @example
 * planBlocks(iu, 64); // [{ first: 0, end: 64, pairs: … }, …]
 */
export function planBlocks(iu: Csr, maxRows: number, from = 0, to = iu.rows): SwingBlock[] {
  const blocks: SwingBlock[] = [];
  let cur: SwingBlock = { first: from, end: from, pairs: 0 };
  for (let i = from; i < to; i++) {
    const m = iu.indptr[i + 1]! - iu.indptr[i]!;
    // The kernel's row search computes a·(m−1) in u32.
    if (m > 65_536) throw new RangeError(`swing on WebGPU: item ${i} has ${m} users, expected at most 65,536 (sample the users of popular items)`);
    const pairs = (m * (m - 1)) / 2;
    if (cur.end > cur.first && (cur.end - cur.first >= maxRows || cur.pairs + pairs > 2 ** 31)) {
      blocks.push(cur);
      cur = { first: i, end: i, pairs: 0 };
    }
    cur.end = i + 1;
    cur.pairs += pairs;
  }
  if (cur.end > cur.first) blocks.push(cur);
  return blocks;
}

/** Runs one block on the device and writes its rows' top N into `out` (item i at row i − outFirst). */
async function runBlock(ctx: OpContext, shared: { uptr: Slice; uitems: Slice; weights: Slice }, iu: Csr, b: SwingBlock, nItems: number, o: SwingOptions, out: TopK, outFirst: number, perDispatch: number): Promise<void> {
  const rows = b.end - b.first;
  const userStart = new Uint32Array(rows + 1);
  const pairStart = new Uint32Array(rows + 1);
  for (let li = 0; li < rows; li++) {
    const m = iu.indptr[b.first + li + 1]! - iu.indptr[b.first + li]!;
    userStart[li + 1] = userStart[li]! + m;
    pairStart[li + 1] = pairStart[li]! + (m * (m - 1)) / 2;
  }
  const users = ctx.upload(iu.indices.subarray(iu.indptr[b.first]!, iu.indptr[b.end]!));
  const starts = ctx.upload(userStart);
  const pairs = ctx.upload(pairStart);
  const acc = ctx.zeros(4 * rows * nItems);
  for (let offset = 0; offset < b.pairs; offset += perDispatch) {
    ctx.checkpoint();
    const count = Math.min(perDispatch, b.pairs - offset);
    const grid = gridFor(Math.ceil(count / SWING_WORKGROUP), ctx.rt.maxWorkgroupsPerDim);
    await ctx.run(swingPairsProgram(), [shared.uptr, shared.uitems, shared.weights, starts, users, pairs, acc], [nItems, b.first, rows, offset, count, o.alpha], grid, { bytes: count * 64 });
  }
  const sums = new Float32Array(await ctx.read(acc));
  const heap = createHeap(o.topN);
  for (let li = 0; li < rows; li++) {
    const base = li * nItems;
    // Every contribution is > 0, so an exact 0 means no user pair shares the item.
    const cw = o.candidateWeights;
    for (let j = 0; j < nItems; j++) if (sums[base + j]! > 0) heapPush(heap, Math.fround(sums[base + j]! * (cw ? cw[j]! : 1)), j);
    heapDrain(heap, out.ids, out.scores, (b.first - outFirst + li) * o.topN);
  }
  for (const s of [users, starts, pairs, acc]) ctx.release(s);
}

/**
 * Per item of `o.items` (all by default), the top-N items by Swing score (see types.ts), on a
 * WebGPU runtime. `pairsPerDispatch`
 * bounds one submission (tests lower it to exercise the split). `o.signal` is checked before
 * starting and between submissions.
 * @example
 * const nb = await webgpuSwingTopN(rt, x, { topN: 20, alpha: 1 });
 */
export async function webgpuSwingTopN(rt: GpuRuntime, x: Csr, o: SwingOptions, pairsPerDispatch = SWING_PAIRS_PER_DISPATCH): Promise<TopK> {
  const iu = checkSwing(x, o);
  const { from, to } = swingItemRange(x, o);
  o.signal?.throwIfAborted();
  const n = x.cols;
  if (4 * x.indices.length > rt.maxBinding) {
    throw new RangeError(`swing on WebGPU: found ${x.indices.length} interactions, expected at most ${rt.maxBinding / 4} (one storage binding); use the CPU backend or cap items per user`);
  }
  const maxRows = Math.max(1, Math.min(o.blockItems ?? Infinity, Math.floor(rt.maxBinding / (4 * Math.max(1, n)))));
  const blocks = planBlocks(iu, maxRows, from, to);
  const out = emptyTopK(to - from, o.topN);
  if (to === from || o.topN === 0) return out;
  return rt.op("swing", async (ctx) => {
    const shared = {
      uptr: ctx.upload(x.indptr),
      uitems: ctx.upload(x.indices),
      weights: ctx.upload(o.userWeights ?? new Float32Array(x.rows).fill(1)),
    };
    for (const b of blocks) {
      await runBlock(ctx, shared, iu, b, n, o, out, from, pairsPerDispatch);
      o.onProgress?.(b.end - from, to - from);
      ctx.checkpoint();
    }
    return out;
  }, o.signal);
}
