/**
 * Backend.gather / embeddingBag / scatterAdd over host arrays as thin wrappers over the tensor
 * kernels "Gather", "EmbeddingBag" and "ScatterAdd": check on the host (bad ids throw a
 * RangeError before anything is written, as the kernels on WebGPU cannot report them), upload
 * with `fromHost`, run the kernel, read back, dispose. Only the table rows a call touches are
 * uploaded (all of it when the ids outnumber its rows), and work is split into chunks of at most
 * `host.maxElems` elements per operand (ids, bags, columns) so every kernel call fits a binding.
 */
import "../kernels/embedding/index.ts";
import { checkEmbeddingBag, checkScatterAdd } from "../reference/embedding.ts";
import { checkIds, checkTable } from "../reference/validate.ts";
import { runKernel } from "../tensor/registry.ts";
import { tidy } from "../tensor/scope.ts";
import type { EmbeddingBagOptions } from "../types.ts";
import { spans, type Span } from "../webgpu/dispatch-grid.ts";
import { matrixBlock, placeBlock } from "../webgpu/host-blocks.ts";
import { bagGroups, compactIds, readAndDispose, rowsBlock, tableFor, type TensorHost } from "./host.ts";

/**
 * out[r] = table[ids[r]] with the semantics of Backend.gather.
 * @example
 * const rows = await tensorGather(host, table, 8, new Int32Array([3, 1]));
 */
export async function tensorGather(host: TensorHost, table: Float32Array, dim: number, ids: Int32Array): Promise<Float32Array> {
  const tableRows = checkTable(table, dim, "gather table");
  checkIds(ids, tableRows, "gather ids");
  const out = new Float32Array(ids.length * dim);
  if (out.length === 0) return out;
  const { engine, maxElems } = host;
  return host.run("gather", async () => {
    for (const cols of spans(dim, maxElems)) {
      const width = cols.end - cols.start;
      for (const chunk of spans(ids.length, maxElems / width)) {
        const t = tableFor(table, dim, tableRows, ids.subarray(chunk.start, chunk.end), cols);
        const rows = tidy(() => runKernel("Gather", [engine.fromHost(t.data, [t.rows, width]), engine.fromHost(t.ids, [t.ids.length])], {})[0]!);
        placeBlock(out, 0, dim, chunk.start, chunk.end, cols.start, await readAndDispose(rows));
      }
    }
    return out;
  });
}

/**
 * EmbeddingBag with the semantics of Backend.embeddingBag (empty bags give zeros; "mean"
 * divides the weighted sum by the bag's id count).
 * @example
 * const pooled = await tensorEmbeddingBag(host, table, 8, ids, new Int32Array([0, 2, 2, 5]), { mode: "mean" });
 */
export async function tensorEmbeddingBag(
  host: TensorHost, table: Float32Array, dim: number, ids: Int32Array, offsets: Int32Array, o: EmbeddingBagOptions,
): Promise<Float32Array> {
  const tableRows = checkEmbeddingBag(table, dim, ids, offsets, o);
  const out = new Float32Array((offsets.length - 1) * dim);
  if (out.length === 0) return out;
  const { engine, maxElems } = host;
  /** Pools bags of `offsets` (rebased to 0) over `bagIds` for columns `cols`. */
  const pool = (bagIds: Int32Array, bagOffsets: Int32Array, weights: Float32Array | undefined, mode: "sum" | "mean", cols: Span) => {
    const t = tableFor(table, dim, tableRows, bagIds, cols);
    return readAndDispose(tidy(() => {
      const inputs = [engine.fromHost(t.data, [t.rows, cols.end - cols.start]), engine.fromHost(t.ids, [t.ids.length]), engine.fromHost(bagOffsets, [bagOffsets.length])];
      if (weights) inputs.push(engine.fromHost(weights, [weights.length]));
      return runKernel("EmbeddingBag", inputs, { mode })[0]!;
    }));
  };
  return host.run("embeddingBag", async () => {
    for (const cols of spans(dim, maxElems)) {
      const width = cols.end - cols.start;
      for (const bags of bagGroups(offsets, width, maxElems)) {
        const first = offsets[bags.start]!;
        const last = offsets[bags.end]!;
        if (last - first <= maxElems) {
          const bagOffsets = offsets.subarray(bags.start, bags.end + 1).map((v) => v - first);
          const pooled = await pool(ids.subarray(first, last), bagOffsets, o.weights?.subarray(first, last), o.mode, cols);
          placeBlock(out, 0, dim, bags.start, bags.end, cols.start, pooled);
          continue;
        }
        // One bag with more ids than a binding holds: sum its pieces, then apply the mean.
        const acc = new Float64Array(width);
        for (const piece of spans(last - first, maxElems)) {
          const p = { start: first + piece.start, end: first + piece.end };
          const part = await pool(ids.subarray(p.start, p.end), Int32Array.of(0, p.end - p.start), o.weights?.subarray(p.start, p.end), "sum", cols);
          for (let d = 0; d < width; d++) acc[d]! += part[d]!;
        }
        const scale = o.mode === "mean" ? last - first : 1;
        placeBlock(out, 0, dim, bags.start, bags.end, cols.start, Float32Array.from(acc, (v) => v / scale));
      }
    }
    return out;
  });
}

/**
 * target[ids[r]] += grad[r] in place, with the semantics of Backend.scatterAdd: only the rows
 * the ids touch are uploaded, updated by the kernel, read back and written into `target`.
 * @example
 * await tensorScatterAdd(host, table, 16, new Int32Array([4, 4]), grad);
 */
export async function tensorScatterAdd(host: TensorHost, target: Float32Array, dim: number, ids: Int32Array, grad: Float32Array): Promise<void> {
  checkScatterAdd(target, dim, ids, grad);
  if (grad.length === 0) return;
  const { engine, maxElems } = host;
  await host.run("scatterAdd", async () => {
    // Chunks run one after another, each writing its rows back before the next uploads them.
    for (const cols of spans(dim, maxElems)) {
      const width = cols.end - cols.start;
      for (const chunk of spans(ids.length, maxElems / width)) {
        const c = compactIds(ids.subarray(chunk.start, chunk.end));
        const rows = engine.fromHost(rowsBlock(target, dim, c.rows, cols.start, cols.end), [c.rows.length, width]);
        try {
          tidy(() => {
            const src = engine.fromHost(matrixBlock(grad, 0, dim, chunk.start, chunk.end, cols.start, cols.end), [chunk.end - chunk.start, width]);
            runKernel("ScatterAdd", [rows, engine.fromHost(c.local, [c.local.length]), src], {});
          });
        } catch (e) {
          rows.dispose();
          throw e;
        }
        const updated = await readAndDispose(rows);
        c.rows.forEach((id, s) => target.set(updated.subarray(s * width, (s + 1) * width), id * dim + cols.start));
      }
    }
  });
}
