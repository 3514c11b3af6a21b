/**
 * The predictor over raw feature values: walks each tree's flat arrays for a block of rows at a
 * time (tree-major inside a block keeps one tree's arrays in cache while its rows stream by).
 */
import type { GbdtModel, GbdtTree } from "./model.ts";

const BLOCK = 2048;

/**
 * Adds one tree's outputs for the rows of a row-major block (`x[r * nf + f]`) to out[start..].
 * Numeric-only trees take the short loop: no category lookups per node.
 */
function addTreeBlock(tree: GbdtTree, x: Float32Array, nf: number, rows: number, out: Float64Array, start: number): void {
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
 * Raw margins (baseScore + sum of leaf values) for every row of `columns` (one Float32Array per
 * model feature, in `model.featureNames` order; NaN = missing). Rows go through in blocks copied
 * to row-major order, so a tree walk reads one small array that stays in cache.
 * @example
 * const margin = predictRaw(model, [age, price]); // Float64Array, one per row
 */
export function predictRaw(model: GbdtModel, columns: Float32Array[]): Float64Array {
  const nf = model.featureNames.length;
  if (columns.length !== nf) {
    throw new Error(`predictRaw: the model has ${nf} features (${model.featureNames.join(", ")}) but ${columns.length} columns were given`);
  }
  const n = columns[0]?.length ?? 0;
  columns.forEach((c, f) => { if (c.length !== n) throw new Error(`predictRaw: column ${model.featureNames[f]} has ${c.length} rows, column ${model.featureNames[0]} has ${n}`); });
  const out = new Float64Array(n).fill(model.baseScore);
  const x = new Float32Array(BLOCK * Math.max(1, nf));
  for (let start = 0; start < n; start += BLOCK) {
    const rows = Math.min(BLOCK, n - start);
    for (let f = 0; f < nf; f++) { const c = columns[f]!; for (let r = 0; r < rows; r++) x[r * nf + f] = c[start + r]!; }
    for (const tree of model.trees) addTreeBlock(tree, x, nf, rows, out, start);
  }
  return out;
}

/**
 * Predictions on the objective's scale: probabilities for binary, the raw margin otherwise.
 * @example
 * const p = predictProba(model, columns); // binary → values in (0, 1)
 */
export function predictProba(model: GbdtModel, columns: Float32Array[]): Float64Array {
  const out = predictRaw(model, columns);
  if (model.objective === "binary") for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-out[i]!));
  return out;
}
