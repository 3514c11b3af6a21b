/**
 * Frame layouts shared by the sharded stages: a CSR matrix under a name prefix, a per-row top-K
 * result. Helpers so every plugin writes and reads them the same way.
 */
import type { Csr, TopK } from "@shortlist/core-gpu";
import type { Frame, FrameArray } from "./frame.ts";

/**
 * A CSR's arrays under `name.` keys (values only when it has them); its column count goes in meta.
 * @example const arrays = { ...csrArrays("x", x), w: weights }; const meta = { xCols: x.cols }
 */
export function csrArrays(name: string, x: Csr): Record<string, FrameArray> {
  const out: Record<string, FrameArray> = { [`${name}.indptr`]: x.indptr, [`${name}.indices`]: x.indices };
  if (x.values) out[`${name}.values`] = x.values;
  return out;
}

/**
 * The CSR `csrArrays` wrote under `name`, with `cols` columns.
 * @example const x = csrFrom(frame, "x", meta.xCols)
 */
export function csrFrom(f: Frame, name: string, cols: number): Csr {
  const indptr = f.arrays[`${name}.indptr`] as Int32Array | undefined;
  const indices = f.arrays[`${name}.indices`] as Int32Array | undefined;
  if (!indptr || !indices) throw new Error(`frame has no CSR "${name}" (arrays: ${Object.keys(f.arrays).join(", ")})`);
  const values = f.arrays[`${name}.values`] as Float32Array | undefined;
  return { rows: indptr.length - 1, cols, indptr, indices, ...(values ? { values } : {}) };
}

/** @example return topKFrame(await backend.cooccurrenceTopN(x, { …, items: { from, to } })) */
export function topKFrame(top: TopK): Frame {
  return { meta: { k: top.k }, arrays: { ids: top.ids, scores: top.scores } };
}

/**
 * The merged top-K of `rows` rows (each shard's rows concatenated in order).
 * @example const top = topKFrom(await ctx.cluster.map("cooccurrence", input, nItems), nItems)
 */
export function topKFrom(f: Frame, rows: number): TopK {
  const k = (f.meta as { k?: number } | null)?.k ?? 0;
  const ids = f.arrays.ids as Int32Array;
  const scores = f.arrays.scores as Float32Array;
  if (!ids || !scores || ids.length !== rows * k || scores.length !== rows * k) throw new Error(`merged top-K has ${ids?.length ?? 0} ids for ${rows} rows × k ${k}`);
  return { rows, k, ids, scores };
}
