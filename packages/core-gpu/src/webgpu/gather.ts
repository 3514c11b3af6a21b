/**
 * gather on the GPU: out[r] = table[ids[r]]. Tables, id lists and outputs larger than a storage
 * binding are split: ids and output by rows, the table into row ranges (each pass copies the ids
 * that fall in its range), and rows wider than a binding into column spans.
 */
import { checkIds, checkTable } from "../reference/validate.ts";
import { gridFor, itemsPerBinding, spans } from "./dispatch-grid.ts";
import { matrixBlock } from "./host-blocks.ts";
import type { ProgramInfo } from "./program.ts";
import type { GpuRuntime } from "./runtime.ts";
import { linearEntry, threadIndex } from "./wgsl.ts";

const WG = 64;

export const GATHER_PROGRAM: ProgramInfo = {
  name: "gather",
  cacheKey: "",
  bindings: [
    { name: "table", type: "array<f32>", access: "read" },
    { name: "ids", type: "array<i32>", access: "read" },
    { name: "out", type: "array<f32>", access: "read_write" },
  ],
  // count = rows·width of this output chunk; table rows [t0, t1) are bound.
  uniforms: [["count", "u32"], ["width", "u32"], ["t0", "u32"], ["t1", "u32"]],
  body: () => `${linearEntry(WG)} {
  let i = ${threadIndex(WG)};
  if (i >= u.count) { return; }
  let r = i / u.width;
  let d = i % u.width;
  let id = u32(ids[r]);
  if (id >= u.t0 && id < u.t1) { out[i] = table[(id - u.t0) * u.width + d]; }
}`,
};

/**
 * out[r] = table[ids[r]] (rows of width `dim`) with the semantics of Backend.gather.
 * @example
 * const rows = await gpuGather(rt, table, 64, new Int32Array([3, 1]));
 */
export async function gpuGather(rt: GpuRuntime, table: Float32Array, dim: number, ids: Int32Array): Promise<Float32Array> {
  const tableRows = checkTable(table, dim, "gather table");
  checkIds(ids, tableRows, "gather ids");
  const out = new Float32Array(ids.length * dim);
  if (out.length === 0) return out;
  return rt.op("gather", async (ctx) => {
    const maxElems = rt.maxElems;
    for (const cols of spans(dim, maxElems)) {
      const width = cols.end - cols.start;
      const tableSpans = spans(tableRows, itemsPerBinding(maxElems, width));
      const single = tableSpans.length === 1 ? ctx.upload(matrixBlock(table, 0, dim, 0, tableRows, cols.start, cols.end)) : undefined;
      for (const rows of spans(ids.length, itemsPerBinding(maxElems, width))) {
        const count = (rows.end - rows.start) * width;
        const idSlice = ctx.upload(ids.subarray(rows.start, rows.end));
        const outSlice = ctx.output(4 * count);
        for (const t of tableSpans) {
          ctx.checkpoint();
          const tableSlice = single ?? ctx.upload(matrixBlock(table, 0, dim, t.start, t.end, cols.start, cols.end));
          const grid = gridFor(Math.ceil(count / WG), rt.maxWorkgroupsPerDim);
          await ctx.run(GATHER_PROGRAM, [tableSlice, idSlice, outSlice], [count, width, t.start, t.end], grid, { bytes: 12 * count });
          if (!single) ctx.release(tableSlice);
        }
        await ctx.readBlock(outSlice, out, 0, dim, rows.start, rows.end, cols.start);
        ctx.release(idSlice);
        ctx.release(outSlice);
      }
    }
    return out;
  });
}
