/**
 * Pair expansion into a block accumulator, without atomics: for the block of items [b0, b1),
 * the workgroup owning item i walks i's users (the chunk's item-major entries) in ascending
 * order, and its lanes spread over each user's row, adding w_u·x_ui·x_uj to
 * acc[i − b0, j − j0] for items j in the column span [j0, j1) and, when counting, 1 to the
 * pair's co-count. A row holds distinct items, so no two lanes ever write the same element and
 * plain read-modify-writes suffice; sums are deterministic.
 *
 * With UPPER_ONLY (a single block covering the whole catalogue) item i adds only j ≥ i, starting
 * at its own position in the user's row: half the work, and C's lower triangle is read from the
 * upper one.
 */
import { gridFor } from "./dispatch-grid.ts";
import type { OpContext, Slice } from "./op-context.ts";
import type { ProgramInfo } from "./program.ts";
import { workgroupIndex } from "./wgsl.ts";

export const COUNT_PAIRS = 1;
/** Values are all one (a CSR without values): skip loading them. */
export const UNIT_VALUES = 2;
/** Add only pairs j ≥ i (the result is symmetric). */
export const UPPER_ONLY = 4;

/**
 * The expansion program with `lanes` threads per item (the subgroup size where fixed: on
 * lavapipe 8 lanes are one SIMD vector).
 * @example
 * const p = expandProgram(8);
 */
export function expandProgram(lanes: number): ProgramInfo {
  return {
    name: "cooccurrence",
    cacheKey: `expand${lanes}`,
    bindings: [
      { name: "indptr", type: "array<i32>", access: "read" },
      { name: "indices", type: "array<i32>", access: "read" },
      { name: "values", type: "array<f32>", access: "read" },
      // (user, position of the entry in the user's row) of each item-major entry.
      { name: "cscRef", type: "array<vec2<u32>>", access: "read" },
      { name: "cscWeight", type: "array<f32>", access: "read" },
      // The block's item-major entry pointers: item b0 + s owns entries itemPtr[s]..itemPtr[s+1].
      { name: "itemPtr", type: "array<u32>", access: "read" },
      { name: "acc", type: "array<f32>", access: "read_write" },
      { name: "cnt", type: "array<u32>", access: "read_write" },
    ],
    // indptr values are offset by base; acc rows are j1 − j0 wide.
    uniforms: [["rows", "u32"], ["base", "u32"], ["j0", "u32"], ["j1", "u32"], ["flags", "u32"]],
    body: () => `@compute @workgroup_size(${lanes}) fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) lane: u32) {
  let slot = ${workgroupIndex()};
  if (slot >= u.rows) { return; }
  let row = slot * (u.j1 - u.j0);
  let counting = (u.flags & ${COUNT_PAIRS}u) != 0u;
  let unit = (u.flags & ${UNIT_VALUES}u) != 0u;
  let upper = (u.flags & ${UPPER_ONLY}u) != 0u;
  for (var e = itemPtr[slot]; e < itemPtr[slot + 1u]; e++) {
    let entry = cscRef[e];
    let w = cscWeight[e];
    let start = select(u32(indptr[entry.x]) - u.base, entry.y, upper);
    let end = u32(indptr[entry.x + 1u]) - u.base;
    for (var q = start + lane; q < end; q += ${lanes}u) {
      let j = u32(indices[q]);
      if (j < u.j0 || j >= u.j1) { continue; }
      let at = row + j - u.j0;
      if (unit) { acc[at] += w; } else { acc[at] += w * values[q]; }
      if (counting) { cnt[at] += 1u; }
    }
  }
}`,
  };
}

/** A user chunk's arrays on the GPU, with the host copies planning needs. */
export interface ChunkSlices {
  indptr: Slice;
  base: number;
  indices: Slice;
  values: Slice;
  cscRef: Slice;
  cscWeight: Slice;
  cscPtr: Int32Array;
  cscUserHost: Int32Array;
  cscPosHost: Int32Array;
  indptrHost: Int32Array;
}

/**
 * Adds one user chunk's pairs for items [b0, b1) × columns [j0, j1) into acc (and into cnt
 * with COUNT_PAIRS in `flags`).
 * @example
 * await expandPairs(ctx, chunk, acc, cnt, 0, 512, 0, nItems, COUNT_PAIRS);
 */
export async function expandPairs(ctx: OpContext, c: ChunkSlices, acc: Slice, cnt: Slice, b0: number, b1: number, j0: number, j1: number, flags: number): Promise<void> {
  if (c.cscPtr[b1]! === c.cscPtr[b0]!) return;
  // The pairs this dispatch expands, for the readback wait estimate (~5 ns a pair on lavapipe).
  const upper = (flags & UPPER_ONLY) !== 0;
  let pairs = 0;
  for (let e = c.cscPtr[b0]!; e < c.cscPtr[b1]!; e++) {
    const user = c.cscUserHost[e]!;
    pairs += c.indptrHost[user + 1]! - (upper ? c.base + c.cscPosHost[e]! : c.indptrHost[user]!);
  }
  const itemPtr = ctx.upload(Uint32Array.from(c.cscPtr.subarray(b0, b1 + 1)));
  const rows = b1 - b0;
  await ctx.run(expandProgram(ctx.rt.subgroupSize || 32), [c.indptr, c.indices, c.values, c.cscRef, c.cscWeight, itemPtr, acc, cnt],
    [rows, c.base, j0, j1, flags], gridFor(rows, ctx.rt.maxWorkgroupsPerDim), { bytes: 8 * pairs });
  ctx.release(itemPtr);
}
