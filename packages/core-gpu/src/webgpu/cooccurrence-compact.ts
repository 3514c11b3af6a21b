/**
 * Co-occurrence only involves items somebody interacted with: an item without entries has no
 * neighbours and is nobody's neighbour. Renumbering the active items 0..nActive−1 (in id order,
 * so ties still break by lower id) shrinks the block accumulators and scans from nItems² to
 * nActive², which for a sparse catalogue (66,000 items, a few hundred entries) is the difference
 * between thousands of dispatches and one.
 */
import type { Csr, PairTransform, TopK } from "../types.ts";

export interface CompactItems {
  /** The CSR with columns renumbered to active items. */
  x: Csr;
  /** Original id of each compact item, ascending. */
  ids: Int32Array;
}

/**
 * The CSR over its active items, or undefined when every item is active.
 * @example
 * compactItems(x)?.ids; // e.g. [3, 17, 65999]
 */
export function compactItems(x: Csr): CompactItems | undefined {
  const seen = new Uint8Array(x.cols);
  for (const c of x.indices) seen[c] = 1;
  const ids: number[] = [];
  const newId = new Int32Array(x.cols).fill(-1);
  for (let c = 0; c < x.cols; c++) {
    if (seen[c]) {
      newId[c] = ids.length;
      ids.push(c);
    }
  }
  if (ids.length === x.cols) return undefined;
  const indices = x.indices.map((c) => newId[c]!);
  return { x: { rows: x.rows, cols: ids.length, indptr: x.indptr, indices, values: x.values }, ids: Int32Array.from(ids) };
}

/**
 * The transform with its rowStat restricted to the active items.
 * @example
 * compactTransform({ kind: "cosine", rowStat }, ids);
 */
export function compactTransform(t: PairTransform | undefined, ids: Int32Array): PairTransform | undefined {
  if (!t || t.kind === "none") return t;
  return { ...t, rowStat: Float32Array.from(ids, (i) => t.rowStat[i]!) };
}

/**
 * Writes a compact top-N result into the full one: row ids[r] gets row r, ids mapped back. When
 * `part` holds compact items [first, …) only, its row r is item ids[first + r], written to row
 * ids[first + r] − base of `out` (the first item `out` holds).
 * @example
 * expandTopK(compactResult, ids, out);
 */
export function expandTopK(part: TopK, ids: Int32Array, out: TopK, first = 0, base = 0): void {
  const k = out.k;
  for (let r = 0; r < part.rows; r++) {
    const to = (ids[first + r]! - base) * k;
    for (let t = 0; t < k; t++) {
      const id = part.ids[r * k + t]!;
      out.ids[to + t] = id < 0 ? -1 : ids[id]!;
      out.scores[to + t] = part.scores[r * k + t]!;
    }
  }
}

/**
 * Writes a compact dense result (nActive²) into the full n×n one.
 * @example
 * expandDense(compactDense, ids, out, n);
 */
export function expandDense(part: Float32Array, ids: Int32Array, out: Float32Array, n: number): void {
  const na = ids.length;
  for (let i = 0; i < na; i++) {
    const row = ids[i]! * n;
    for (let j = 0; j < na; j++) out[row + ids[j]!] = part[i * na + j]!;
  }
}
