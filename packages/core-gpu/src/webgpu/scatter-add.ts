/**
 * scatterAdd on the GPU: target[ids[r]] += grad[r], duplicates accumulating, only touched rows
 * changing.
 *
 * Segmented rather than atomic: the host groups the rows of grad by target id (one O(n) counting
 * pass), the touched target rows are uploaded compacted, and one thread per (touched row, column)
 * adds that row's gradients in ascending r. That is the reference's order, so results match it
 * bit for bit, and the transfer is O(touched rows), not O(table).
 */
import { checkScatterAdd } from "../reference/embedding.ts";
import { gridFor, itemsPerBinding, spans } from "./dispatch-grid.ts";
import { matrixBlock } from "./host-blocks.ts";
import type { ProgramInfo } from "./program.ts";
import type { GpuRuntime } from "./runtime.ts";
import { linearEntry, threadIndex } from "./wgsl.ts";

const WG = 64;

export const SCATTER_ADD_PROGRAM: ProgramInfo = {
  name: "scatterAdd",
  cacheKey: "",
  bindings: [
    { name: "grad", type: "array<f32>", access: "read" },
    { name: "order", type: "array<u32>", access: "read" },
    { name: "segments", type: "array<u32>", access: "read" },
    { name: "rows", type: "array<f32>", access: "read_write" },
  ],
  // count = touched rows · width; touched row s adds grad rows order[segments[s]..segments[s+1]).
  uniforms: [["count", "u32"], ["width", "u32"]],
  body: () => `${linearEntry(WG)} {
  let i = ${threadIndex(WG)};
  if (i >= u.count) { return; }
  let s = i / u.width;
  let d = i % u.width;
  var acc = rows[i];
  for (var j = segments[s]; j < segments[s + 1u]; j++) { acc += grad[order[j] * u.width + d]; }
  rows[i] = acc;
}`,
};

/** The rows of one grad chunk grouped by target id. */
export interface Grouping {
  /** Distinct target ids, in order of first appearance. */
  touched: Int32Array;
  /** Grad rows (chunk-relative) sorted by touched slot, ascending within a slot. */
  order: Uint32Array;
  /** Slot s owns order[segments[s]..segments[s+1]). */
  segments: Uint32Array;
}

/**
 * Groups ids by value with a counting pass (stable: rows stay ascending within a group).
 * @example
 * groupIds(new Int32Array([5, 2, 5])); // touched [5, 2], order [0, 2, 1], segments [0, 2, 3]
 */
export function groupIds(ids: Int32Array): Grouping {
  const slotOf = new Map<number, number>();
  const slots = new Uint32Array(ids.length);
  const touched: number[] = [];
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    let s = slotOf.get(id);
    if (s === undefined) {
      s = touched.length;
      slotOf.set(id, s);
      touched.push(id);
    }
    slots[r] = s;
  }
  const segments = new Uint32Array(touched.length + 1);
  for (let r = 0; r < ids.length; r++) segments[slots[r]! + 1]!++;
  for (let s = 0; s < touched.length; s++) segments[s + 1]! += segments[s]!;
  const fill = segments.slice(0, touched.length);
  const order = new Uint32Array(ids.length);
  for (let r = 0; r < ids.length; r++) order[fill[slots[r]!]!++] = r;
  return { touched: Int32Array.from(touched), order, segments };
}

/**
 * target[ids[r]] += grad[r] in place, with the semantics of Backend.scatterAdd.
 * @example
 * await gpuScatterAdd(rt, table, 16, new Int32Array([4, 4]), grad);
 */
export async function gpuScatterAdd(rt: GpuRuntime, target: Float32Array, dim: number, ids: Int32Array, grad: Float32Array): Promise<void> {
  checkScatterAdd(target, dim, ids, grad);
  if (grad.length === 0) return;
  await rt.op("scatterAdd", async (ctx) => {
    const maxElems = rt.maxElems;
    // Chunks run one after another and each writes its rows back before the next reads them,
    // so accumulation order stays ascending in r across chunks too.
    for (const cols of spans(dim, maxElems)) {
      const width = cols.end - cols.start;
      // segments has one entry more than the chunk has rows: keep it within a binding too.
      for (const chunk of spans(ids.length, Math.min(itemsPerBinding(maxElems, width), maxElems - 1))) {
        ctx.checkpoint();
        const g = groupIds(ids.subarray(chunk.start, chunk.end));
        const count = g.touched.length * width;
        const current = new Float32Array(count);
        g.touched.forEach((id, s) => current.set(target.subarray(id * dim + cols.start, id * dim + cols.end), s * width));
        const rowSlice = ctx.upload(current);
        const gradSlice = ctx.upload(matrixBlock(grad, 0, dim, chunk.start, chunk.end, cols.start, cols.end));
        const orderSlice = ctx.upload(g.order);
        const segSlice = ctx.upload(g.segments);
        const grid = gridFor(Math.ceil(count / WG), rt.maxWorkgroupsPerDim);
        await ctx.run(SCATTER_ADD_PROGRAM, [gradSlice, orderSlice, segSlice, rowSlice], [count, width], grid, { bytes: 8 * count + 8 * (chunk.end - chunk.start) * width });
        const updated = new Float32Array(await ctx.read(rowSlice));
        g.touched.forEach((id, s) => target.set(updated.subarray(s * width, (s + 1) * width), id * dim + cols.start));
        for (const s of [rowSlice, gradSlice, orderSlice, segSlice]) ctx.release(s);
      }
    }
  });
}
