/**
 * Emitters for embedding lookups. ONNX has no ragged tensors, so a bag of ids is exported padded:
 * ids int64 [B, L] and per-id weights float [B, L], with weight 0 on padding slots (whose id may be
 * any in-range value, conventionally 0). A plain bag feeds weights of 1 on real ids.
 */
import { checkLength } from "./check.ts";
import type { OnnxGraph } from "./graph.ts";

/** How a bag's rows are pooled. */
export type BagMode = "sum" | "mean";

function table(g: OnnxGraph, data: Float32Array, rows: number, dim: number, prefix: string): string {
  checkLength(prefix, "table", data, [rows, dim]);
  return g.initializer(g.uniqueName(`${prefix}.table`), data, [rows, dim]);
}

/**
 * Looks up one row per id: ids int64 [B] → [B, dim] (Gather on axis 0). Ids must lie in
 * [0, rows); onnxruntime rejects larger ones at run time (negative ones count from the end).
 * @example
 * const u = emitEmbedding(g, g.input("user", "int64", ["batch"]), userTable, nUsers, 32, "user_emb");
 */
export function emitEmbedding(g: OnnxGraph, ids: string, data: Float32Array, rows: number, dim: number, prefix: string): string {
  const t = table(g, data, rows, dim, prefix);
  const y = g.uniqueName(`${prefix}.out`);
  g.node("Gather", [t, ids], [y], { axis: 0 });
  const idDims = g.shapeOf(ids);
  if (idDims) g.setShape(y, [...idDims, dim]);
  return y;
}

/**
 * Pools a padded bag per row: Σ_l weights[b,l]·table[ids[b,l]] → [B, dim] (Gather [B,L,dim] ·
 * Unsqueeze(weights) → ReduceSum over axis 1). "mean" divides by the number of non-padding ids,
 * counted as weights ≠ 0 (so an explicit weight of 0 counts as padding); an empty bag gives zeros.
 * @example
 * const ids = g.input("hist_ids", "int64", ["batch", "len"]);
 * const w = g.input("hist_w", "float", ["batch", "len"]);
 * const h = emitEmbeddingBag(g, ids, w, itemTable, nItems, 32, "mean", "history");
 */
export function emitEmbeddingBag(
  g: OnnxGraph, ids: string, weights: string, data: Float32Array, rows: number, dim: number,
  mode: BagMode, prefix: string,
): string {
  if (mode !== "sum" && mode !== "mean") throw new RangeError(`${prefix}: unknown bag mode "${mode}"`);
  const t = table(g, data, rows, dim, prefix);
  const name = (s: string) => g.uniqueName(`${prefix}.${s}`);
  const [rowsOut, w3, weighted, sum] = [name("rows"), name("w3"), name("weighted"), name(mode === "sum" ? "out" : "sum")];
  g.node("Gather", [t, ids], [rowsOut], { axis: 0 });
  g.node("Unsqueeze", [weights, g.int64([2])], [w3]);
  g.node("Mul", [rowsOut, w3], [weighted]);
  g.node("ReduceSum", [weighted, g.int64([1])], [sum], { keepdims: 0 });
  const batch = g.shapeOf(ids)?.[0] ?? g.shapeOf(weights)?.[0];
  const outDims = batch === undefined ? undefined : [batch, dim];
  if (mode === "sum") {
    if (outDims) g.setShape(sum, outDims);
    return sum;
  }
  const [isPad, isReal, realF, count, denom, y] = ["is_pad", "is_real", "is_real_f", "count", "denom", "out"].map(name) as [string, string, string, string, string, string];
  g.node("Equal", [weights, g.scalar(0)], [isPad]);
  g.node("Not", [isPad], [isReal]);
  g.node("Cast", [isReal], [realF], { to: 1 });
  g.node("ReduceSum", [realF, g.int64([1])], [count], { keepdims: 1 });
  g.node("Max", [count, g.scalar(1)], [denom]);
  g.node("Div", [sum, denom], [y]);
  if (outDims) g.setShape(y, outDims);
  return y;
}
