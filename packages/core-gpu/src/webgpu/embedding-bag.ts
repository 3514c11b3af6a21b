/**
 * EmbeddingBag on the GPU: bag b pools table rows ids[offsets[b]..offsets[b+1]) (sum or mean,
 * optionally weighted). One thread per (bag, column) sums its bag in id order. Work beyond a
 * binding is split into column spans, bag ranges, id ranges and table row ranges; passes after
 * the first add onto the partial sums and the last one applies the mean.
 */
import { checkEmbeddingBag } from "../reference/embedding.ts";
import type { EmbeddingBagOptions } from "../types.ts";
import { gridFor, itemsPerBinding, spans } from "./dispatch-grid.ts";
import { matrixBlock } from "./host-blocks.ts";
import type { ProgramInfo } from "./program.ts";
import type { GpuRuntime } from "./runtime.ts";
import { linearEntry, threadIndex } from "./wgsl.ts";

const WG = 64;
const FIRST = 1;
const LAST = 2;
const MEAN = 4;
const WEIGHTED = 8;

export const EMBEDDING_BAG_PROGRAM: ProgramInfo = {
  name: "embeddingBag",
  cacheKey: "",
  bindings: [
    { name: "table", type: "array<f32>", access: "read" },
    { name: "ids", type: "array<i32>", access: "read" },
    { name: "weights", type: "array<f32>", access: "read" },
    { name: "offsets", type: "array<i32>", access: "read" },
    { name: "out", type: "array<f32>", access: "read_write" },
  ],
  // Bags [b0, b0 + count/width): offsets[0] is bag b0's (values stay global positions); ids and
  // weights hold positions [j0, j1); table rows [t0, t1) are bound.
  uniforms: [["count", "u32"], ["width", "u32"], ["j0", "u32"], ["j1", "u32"], ["t0", "u32"], ["t1", "u32"], ["flags", "u32"]],
  body: () => `${linearEntry(WG)} {
  let i = ${threadIndex(WG)};
  if (i >= u.count) { return; }
  let bag = i / u.width;
  let d = i % u.width;
  let start = u32(offsets[bag]);
  let end = u32(offsets[bag + 1u]);
  var s = 0.0;
  if ((u.flags & ${FIRST}u) == 0u) { s = out[i]; }
  for (var j = max(start, u.j0); j < min(end, u.j1); j++) {
    let id = u32(ids[j - u.j0]);
    if (id >= u.t0 && id < u.t1) {
      let w = select(1.0, weights[j - u.j0], (u.flags & ${WEIGHTED}u) != 0u);
      s += w * table[(id - u.t0) * u.width + d];
    }
  }
  if ((u.flags & ${LAST}u) != 0u && (u.flags & ${MEAN}u) != 0u && end > start) { s /= f32(end - start); }
  out[i] = s;
}`,
};

/**
 * EmbeddingBag with the semantics of Backend.embeddingBag (empty bags give zeros; "mean"
 * divides the weighted sum by the bag's id count).
 * @example
 * const pooled = await gpuEmbeddingBag(rt, table, 8, ids, new Int32Array([0, 2, 2, 5]), { mode: "mean" });
 */
export async function gpuEmbeddingBag(
  rt: GpuRuntime, table: Float32Array, dim: number, ids: Int32Array, offsets: Int32Array, o: EmbeddingBagOptions,
): Promise<Float32Array> {
  const tableRows = checkEmbeddingBag(table, dim, ids, offsets, o);
  const nBags = offsets.length - 1;
  const out = new Float32Array(nBags * dim);
  if (out.length === 0) return out;
  return rt.op("embeddingBag", async (ctx) => {
    const maxElems = rt.maxElems;
    const modeFlags = (o.mode === "mean" ? MEAN : 0) | (o.weights ? WEIGHTED : 0);
    const noWeights = ctx.scratch(16);
    for (const cols of spans(dim, maxElems)) {
      const width = cols.end - cols.start;
      const tableSpans = spans(tableRows, itemsPerBinding(maxElems, width));
      const single = tableSpans.length === 1 ? ctx.upload(matrixBlock(table, 0, dim, 0, tableRows, cols.start, cols.end)) : undefined;
      // A bag chunk needs its outputs and its count+1 offsets within one binding each.
      for (const bags of spans(nBags, Math.min(itemsPerBinding(maxElems, width), maxElems - 1))) {
        const count = (bags.end - bags.start) * width;
        const offsetSlice = ctx.upload(offsets.subarray(bags.start, bags.end + 1));
        const outSlice = ctx.output(4 * count);
        const first = offsets[bags.start]!;
        const last = offsets[bags.end]!;
        // Bags made only of empty bags still need one pass to write their zeros.
        const idSpans = last > first ? spans(last - first, maxElems).map((s) => ({ start: s.start + first, end: s.end + first })) : [{ start: first, end: first }];
        const passes = idSpans.length * tableSpans.length;
        let pass = 0;
        for (const js of idSpans) {
          const idSlice = ctx.upload(ids.subarray(js.start, js.end));
          const weightSlice = o.weights ? ctx.upload(o.weights.subarray(js.start, js.end)) : noWeights;
          for (const t of tableSpans) {
            ctx.checkpoint();
            const tableSlice = single ?? ctx.upload(matrixBlock(table, 0, dim, t.start, t.end, cols.start, cols.end));
            const flags = modeFlags | (pass === 0 ? FIRST : 0) | (pass === passes - 1 ? LAST : 0);
            const grid = gridFor(Math.ceil(count / WG), rt.maxWorkgroupsPerDim);
            await ctx.run(EMBEDDING_BAG_PROGRAM, [tableSlice, idSlice, weightSlice, offsetSlice, outSlice],
              [count, width, js.start, js.end, t.start, t.end, flags], grid, { bytes: 4 * count + 12 * (js.end - js.start) * width });
            if (!single) ctx.release(tableSlice);
            pass++;
          }
          ctx.release(idSlice);
          if (o.weights) ctx.release(weightSlice);
        }
        await ctx.readBlock(outSlice, out, 0, dim, bags.start, bags.end, cols.start);
        ctx.release(offsetSlice);
        ctx.release(outSlice);
      }
    }
    return out;
  });
}
