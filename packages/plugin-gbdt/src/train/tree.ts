/**
 * From a grown bin tree to the model's flat raw-value tree, and walking trees: over bins (for
 * out-of-bag training rows) and over raw columns (for validation scores during training).
 */
import type { GbdtTree } from "../model.ts";
import type { BinnedData } from "./dataset.ts";
import type { BinTree } from "./grow.ts";

/**
 * The model tree of `bt`: bin thresholds become raw thresholds (the bin's upper edge), category
 * bins become category values, leaf outputs are scaled by the learning rate.
 * @example const tree = toModelTree(bt, binned, 0.1);
 */
export function toModelTree(bt: BinTree, data: BinnedData, learningRate: number): GbdtTree {
  const k = bt.splits.length;
  const catOffsets = new Int32Array(k + 1);
  const catValues: number[] = [];
  const threshold = new Float32Array(k);
  bt.splits.forEach((s, i) => {
    const m = data.mappers[s.feature]!;
    if (s.catBins) { for (const b of s.catBins) catValues.push(m.categories[b]!); threshold[i] = NaN; }
    else threshold[i] = m.upper[s.threshold]!;
    catOffsets[i + 1] = catValues.length;
  });
  return {
    splitFeature: Int32Array.from(bt.splits, (s) => s.feature),
    threshold,
    defaultLeft: Uint8Array.from(bt.splits, (s) => (s.defaultLeft ? 1 : 0)),
    catOffsets,
    catValues: Float32Array.from(catValues),
    left: Int32Array.from(bt.left),
    right: Int32Array.from(bt.right),
    splitGain: Float32Array.from(bt.splits, (s) => s.gain),
    internalCount: Int32Array.from(bt.splits, (s) => s.leftCount + s.rightCount),
    leafValue: Float64Array.from(bt.leafOutput, (v) => v * learningRate),
    leafCount: Int32Array.from(bt.leafCount),
  };
}

/**
 * The leaf training row `row` reaches in `bt`, decided on its bins.
 * @example score[row] += bt.leafOutput[binTreeLeafOf(bt, binned, row)]! * learningRate;
 */
export function binTreeLeafOf(bt: BinTree, data: BinnedData, row: number): number {
  if (bt.splits.length === 0) return 0;
  let node = 0;
  while (node >= 0) {
    const s = bt.splits[node]!;
    const m = data.mappers[s.feature]!;
    const b = data.bins[s.feature * data.rows + row]!;
    const left = b === m.missingBin ? s.defaultLeft : s.catBins ? s.catBins.includes(b) : b <= s.threshold;
    node = left ? bt.left[node]! : bt.right[node]!;
  }
  return ~node;
}

/**
 * Adds the tree's output for each row of `columns` to `score` (one row at a time: the reference
 * walk, and the validation scores during training).
 * @example addTree(model.trees[0]!, columns, score);
 */
export function addTree(tree: GbdtTree, columns: Float32Array[], score: Float64Array): void {
  const { splitFeature, threshold, defaultLeft, catOffsets, catValues, left, right, leafValue } = tree;
  const n = score.length;
  if (left.length === 0) { for (let r = 0; r < n; r++) score[r]! += leafValue[0]!; return; }
  for (let r = 0; r < n; r++) {
    let node = 0;
    while (node >= 0) {
      const x = columns[splitFeature[node]!]![r]!;
      let goLeft: boolean;
      if (x !== x) goLeft = defaultLeft[node] === 1;
      else if (catOffsets[node] === catOffsets[node + 1]) goLeft = x <= threshold[node]!;
      else { goLeft = false; for (let c = catOffsets[node]!; c < catOffsets[node + 1]!; c++) if (catValues[c] === x) { goLeft = true; break; } }
      node = goLeft ? left[node]! : right[node]!;
    }
    score[r]! += leafValue[~node]!;
  }
}
