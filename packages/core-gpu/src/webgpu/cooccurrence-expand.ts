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
import type { UserChunk } from "./cooccurrence-prep.ts";
import { gridFor } from "./dispatch-grid.ts";
import type { OpContext, Slice } from "./op-context.ts";
import type { ProgramInfo } from "./program.ts";
import { linearEntry, workgroupIndex } from "./wgsl.ts";

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
    // One workgroup per item: its lanes are the workgroup's invocations (lid).
    body: () => `${linearEntry(lanes)} {
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
    for (var q = start + lid; q < end; q += ${lanes}u) {
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

/** A user chunk's arrays on the GPU, beside the host chunk that planning reads. */
export interface ChunkSlices {
  host: UserChunk;
  indptr: Slice;
  indices: Slice;
  values: Slice;
  /** (cscUser, cscPos) of each item-major entry, interleaved. */
  cscRef: Slice;
  cscWeight: Slice;
}

/** [a0, b0, a1, b1, …] as u32 (for array<vec2<u32>> bindings). */
function interleave(a: Int32Array, b: Int32Array): Uint32Array {
  const out = new Uint32Array(2 * a.length);
  for (let i = 0; i < a.length; i++) {
    out[2 * i] = a[i]!;
    out[2 * i + 1] = b[i]!;
  }
  return out;
}

/**
 * Uploads a user chunk for expandPairs. cscRef holds two u32 per entry, so chunks should be cut
 * to half a binding of entries.
 * @example
 * const chunks = userChunks(x, w, Math.floor(ctx.rt.maxElems / 2)).map((c) => uploadChunk(ctx, c));
 */
export function uploadChunk(ctx: OpContext, c: UserChunk): ChunkSlices {
  return {
    host: c,
    indptr: ctx.upload(c.indptr),
    indices: ctx.upload(c.indices),
    values: ctx.upload(c.values),
    cscRef: ctx.upload(interleave(c.cscUser, c.cscPos)),
    cscWeight: ctx.upload(c.cscWeight),
  };
}

/**
 * Adds one user chunk's pairs for items [b0, b1) × columns [j0, j1) into acc (and into cnt
 * with COUNT_PAIRS in `flags`).
 * @example
 * await expandPairs(ctx, chunk, acc, cnt, 0, 512, 0, nItems, COUNT_PAIRS);
 */
export async function expandPairs(ctx: OpContext, c: ChunkSlices, acc: Slice, cnt: Slice, b0: number, b1: number, j0: number, j1: number, flags: number): Promise<void> {
  const h = c.host;
  if (h.cscPtr[b1]! === h.cscPtr[b0]!) return;
  // The pairs this dispatch expands, for the readback wait estimate (~5 ns a pair on lavapipe).
  const upper = (flags & UPPER_ONLY) !== 0;
  let pairs = 0;
  for (let e = h.cscPtr[b0]!; e < h.cscPtr[b1]!; e++) {
    const user = h.cscUser[e]!;
    pairs += h.indptr[user + 1]! - (upper ? h.base + h.cscPos[e]! : h.indptr[user]!);
  }
  const itemPtr = ctx.upload(Uint32Array.from(h.cscPtr.subarray(b0, b1 + 1)));
  const rows = b1 - b0;
  await ctx.run(expandProgram(ctx.rt.subgroupSize || 32), [c.indptr, c.indices, c.values, c.cscRef, c.cscWeight, itemPtr, acc, cnt],
    [rows, h.base, j0, j1, flags], gridFor(rows, ctx.rt.maxWorkgroupsPerDim), { bytes: 8 * pairs });
  ctx.release(itemPtr);
}
