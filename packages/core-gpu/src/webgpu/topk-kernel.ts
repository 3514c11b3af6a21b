/**
 * Runs a selection kernel (top-K, co-occurrence top-N) over rows already on the GPU in rounds:
 * each round keeps at most MAX_HEAP entries per row (and at most a binding's worth), reading the
 * previous round's last entry as its limit, and its results are read back into a host TopK.
 */
import type { TopK } from "../types.ts";
import { gridFor } from "./dispatch-grid.ts";
import type { OpContext, Slice } from "./op-context.ts";
import type { ProgramInfo } from "./program.ts";
import { BELOW_PREVIOUS, EXCLUDE, heapCapacity, MAX_HEAP, TOPK_WG, topKProgram } from "./topk-program.ts";

/** Exclusions of a row block on the GPU: indptr (rows+1 entries, offset by base) and indices. */
export interface ExclusionSlices {
  indptr: Slice;
  indices: Slice;
  base: number;
}

/** A row block's scores on the GPU: rows×cols, column 0 being global column c0. */
export interface ScoreBlock {
  scores: Slice;
  rows: number;
  cols: number;
  c0: number;
}

/**
 * Entries per row a round may keep when blocks have `maxElems` per binding.
 * @example
 * roundWidth(1000, 1 << 25); // 256
 */
export function roundWidth(k: number, maxElems: number): number {
  return Math.max(1, Math.min(k, MAX_HEAP, maxElems));
}

/** One round of a selection kernel: which program, and the uniforms before/after the round's. */
export interface RoundSpec {
  program: (cap: number) => ProgramInfo;
  /** Storage bindings preceding the four round bindings. */
  inputs: readonly Slice[];
  /** Uniform values for (k, limWidth, flags) of a round. */
  uniforms: (k: number, limWidth: number, flags: number) => number[];
  bytes: number;
}

/**
 * Runs rounds of `spec` for `rows` rows until k entries per row are selected, returning them
 * (sorted, ties by lower id, -1/-inf padding) as a host TopK.
 * @example
 * const part = await selectRounds(ctx, rows, k, spec);
 */
export async function selectRounds(ctx: OpContext, rows: number, k: number, spec: RoundSpec): Promise<TopK> {
  const part: TopK = { rows, k, ids: new Int32Array(rows * k), scores: new Float32Array(rows * k) };
  const grid = gridFor(Math.ceil(rows / TOPK_WG), ctx.rt.maxWorkgroupsPerDim);
  const perRound = roundWidth(k, ctx.rt.maxElems);
  let prev: { scores: Slice; ids: Slice; width: number } | undefined;
  for (let base = 0; base < k; base += perRound) {
    const width = Math.min(perRound, k - base);
    const outScores = ctx.output(4 * rows * width);
    const outIds = ctx.output(4 * rows * width);
    // The first round has no limit; its limit bindings get a dummy buffer it never reads.
    const limScores = prev?.scores ?? ctx.scratch(16);
    const limIds = prev?.ids ?? ctx.scratch(16);
    await ctx.run(spec.program(heapCapacity(width)), [...spec.inputs, limScores, limIds, outScores, outIds],
      spec.uniforms(width, prev?.width ?? 1, prev ? BELOW_PREVIOUS : 0), grid, { bytes: spec.bytes });
    const s = new Float32Array(await ctx.read(outScores));
    const ids = new Int32Array(await ctx.read(outIds));
    for (let r = 0; r < rows; r++) {
      part.scores.set(s.subarray(r * width, (r + 1) * width), r * k + base);
      part.ids.set(ids.subarray(r * width, (r + 1) * width), r * k + base);
    }
    if (prev) {
      ctx.release(prev.scores);
      ctx.release(prev.ids);
    }
    prev = { scores: outScores, ids: outIds, width };
  }
  return part;
}

/**
 * Each row's top `k` of a score block on the GPU, as a host TopK.
 * @example
 * const part = await runTopK(ctx, { scores, rows, cols, c0: 0 }, 10, undefined);
 */
export async function runTopK(ctx: OpContext, block: ScoreBlock, k: number, exclude: ExclusionSlices | undefined): Promise<TopK> {
  const dummy = exclude ? undefined : ctx.scratch(16);
  return selectRounds(ctx, block.rows, k, {
    program: topKProgram,
    inputs: [block.scores, exclude?.indptr ?? dummy!, exclude?.indices ?? dummy!],
    uniforms: (kk, limWidth, flags) => [block.rows, block.cols, block.c0, kk, limWidth, exclude?.base ?? 0, flags | (exclude ? EXCLUDE : 0)],
    bytes: 4 * block.rows * block.cols,
  });
}
