/**
 * The tree walk over a range of rows, shared by the predictor on the calling thread (predict.ts)
 * and its workers (predict-worker.ts): a row's score is baseScore plus its leaf in each tree, added
 * in tree order, whichever thread and block the row falls in — so every thread count gives the
 * same bits.
 */
import type { GbdtTree } from "./model.ts";

/** The fields of a tree the walk reads (what the workers are sent). */
export type WalkTree = Pick<GbdtTree, "splitFeature" | "threshold" | "defaultLeft" | "catOffsets" | "catValues" | "left" | "right" | "leafValue">;

/** Rows per block copied to row-major order (block × features floats stay in L1/L2). */
export const BLOCK = 2048;

/**
 * Adds one tree's outputs for the rows of a row-major block (`x[r * nf + f]`) to out[start..].
 * Numeric-only trees take the short loop: no category lookups per node.
 */
function addTreeBlock(tree: WalkTree, x: Float32Array, nf: number, rows: number, out: Float64Array, start: number): void {
  const { splitFeature, threshold, defaultLeft, catOffsets, catValues, left, right, leafValue } = tree;
  if (left.length === 0) { const v = leafValue[0]!; for (let r = 0; r < rows; r++) out[start + r]! += v; return; }
  if (catValues.length === 0) {
    for (let r = 0, base = 0; r < rows; r++, base += nf) {
      let node = 0;
      while (node >= 0) {
        const v = x[base + splitFeature[node]!]!;
        node = (v !== v ? defaultLeft[node] === 1 : v <= threshold[node]!) ? left[node]! : right[node]!;
      }
      out[start + r]! += leafValue[~node]!;
    }
    return;
  }
  for (let r = 0, base = 0; r < rows; r++, base += nf) {
    let node = 0;
    while (node >= 0) {
      const v = x[base + splitFeature[node]!]!;
      let goLeft: boolean;
      if (v !== v) goLeft = defaultLeft[node] === 1;
      else if (catOffsets[node] === catOffsets[node + 1]) goLeft = v <= threshold[node]!;
      else { goLeft = false; for (let c = catOffsets[node]!; c < catOffsets[node + 1]!; c++) if (catValues[c] === v) { goLeft = true; break; } }
      node = goLeft ? left[node]! : right[node]!;
    }
    out[start + r]! += leafValue[~node]!;
  }
}

/**
 * out[a..b) = baseScore + Σ trees' leaf values for rows [a, b) of `columns` (one per feature),
 * in blocks of BLOCK rows copied to row-major order into the scratch `x` (≥ BLOCK × features).
 * @example
 * scoreRows(model.trees, model.baseScore, columns, 0, n, out, new Float32Array(BLOCK * nf));
 */
export function scoreRows(trees: readonly WalkTree[], baseScore: number, columns: readonly Float32Array[], a: number, b: number, out: Float64Array, x: Float32Array): void {
  const nf = columns.length;
  for (let start = a; start < b; start += BLOCK) {
    const rows = Math.min(BLOCK, b - start);
    for (let f = 0; f < nf; f++) { const c = columns[f]!; for (let r = 0; r < rows; r++) x[r * nf + f] = c[start + r]!; }
    out.fill(baseScore, start, start + rows);
    for (const tree of trees) addTreeBlock(tree, x, nf, rows, out, start);
  }
}
