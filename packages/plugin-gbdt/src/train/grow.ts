/**
 * Leaf-wise tree growth (LightGBM's SerialTreeLearner): keep the best split of every leaf and
 * always split the leaf whose split gains most, until numLeaves, maxDepth or no split passes the
 * constraints. Rows of each leaf are a contiguous range of one index array (DataPartition), split
 * in place stably; the smaller child's histogram is built from its rows, the larger's is the
 * parent's minus it.
 */
import type { BinnedData } from "./dataset.ts";
import type { HistogramEngine } from "./engine.ts";
import { subtractHistogram } from "./histogram.ts";
import { findBestSplit, leafOutput, type Split, type SplitParams } from "./split.ts";

/** A tree over bins, as grown (converted to raw thresholds by the trainer). */
export interface BinTree {
  splits: Split[];
  left: number[];
  right: number[];
  /** Leaf outputs before the learning rate. */
  leafOutput: number[];
  leafCount: number[];
  /** Each leaf's rows: rows[leafBegin[l] .. leafBegin[l] + leafCount[l]). */
  leafBegin: number[];
}

export interface GrowParams extends SplitParams {
  numLeaves: number;
  maxDepth: number;
}

interface Leaf { begin: number; count: number; depth: number; hist: Float64Array | null; g: number; h: number; split: Split | null; parent: number; isLeft: boolean }

/**
 * One training run's tree grower (its buffers are reused from tree to tree).
 * @example const grower = new Grower(binned, serialEngine(binned), params); const tree = grower.grow(n, g, h, features);
 */
export class Grower {
  private readonly tmp: Int32Array;

  constructor(private readonly data: BinnedData, private readonly engine: HistogramEngine, private readonly p: GrowParams) {
    this.tmp = new Int32Array(data.rows);
  }

  private build(features: readonly number[], begin: number, count: number, g: Float32Array, h: Float32Array): Float64Array {
    const hist = this.engine.acquire();
    hist.fill(0);
    const { og, oh, rows } = this.engine;
    for (let i = 0; i < count; i++) { const r = rows[begin + i]!; og[i] = g[r]!; oh[i] = h[r]!; }
    this.engine.build(features, begin, count, hist);
    return hist;
  }

  /**
   * Grows one tree on engine.rows[0..count) with gradients g and hessians h, splitting only on
   * `features`; on return each leaf's rows are the range tree.leafBegin/leafCount of engine.rows.
   * @example
   * const tree = grower.grow(n, g, h, [0, 1, 2]);
   */
  grow(count: number, g: Float32Array, h: Float32Array, features: readonly number[]): BinTree {
    const { p } = this;
    const rows = this.engine.rows;
    const tree: BinTree = { splits: [], left: [], right: [], leafOutput: [], leafCount: [], leafBegin: [] };
    let sg = 0, sh = 0;
    for (let i = 0; i < count; i++) { const r = rows[i]!; sg += g[r]!; sh += h[r]!; }
    const root: Leaf = { begin: 0, count, depth: 0, hist: this.build(features, 0, count, g, h), g: sg, h: sh, split: null, parent: -1, isLeft: false };
    root.split = this.bestSplit(root, features);
    const leaves: Leaf[] = [root];
    while (leaves.length < p.numLeaves) {
      let bi = -1;
      for (let i = 0; i < leaves.length; i++) { const s = leaves[i]!.split; if (s && (bi < 0 || s.gain > leaves[bi]!.split!.gain)) bi = i; }
      if (bi < 0) break;
      const leaf = leaves[bi]!;
      const s = leaf.split!;
      const parentHist = leaf.hist!; // a leaf with a split has its histogram
      const node = tree.splits.length;
      tree.splits.push(s); tree.left.push(~bi); tree.right.push(~leaves.length);
      if (leaf.parent >= 0) (leaf.isLeft ? tree.left : tree.right)[leaf.parent] = node;
      const nLeft = this.partition(rows, leaf.begin, leaf.count, s);
      const left: Leaf = { begin: leaf.begin, count: nLeft, depth: leaf.depth + 1, hist: null, g: s.leftG, h: s.leftH, split: null, parent: node, isLeft: true };
      const right: Leaf = { begin: leaf.begin + nLeft, count: leaf.count - nLeft, depth: leaf.depth + 1, hist: null, g: s.rightG, h: s.rightH, split: null, parent: node, isLeft: false };
      leaves[bi] = left;
      leaves.push(right);
      // No histogram is built and no split searched where none could be taken: the last leaves, at
      // maxDepth, or too few rows (the histograms serve only the split search).
      const [small, large] = left.count <= right.count ? [left, right] : [right, left];
      const more = leaves.length < p.numLeaves;
      if (more && (this.splittable(small) || this.splittable(large))) {
        small.hist = this.build(features, small.begin, small.count, g, h);
        large.hist = this.engine.acquire();
        subtractHistogram(this.data, features, parentHist, small.hist, large.hist);
        left.split = this.bestSplit(left, features);
        right.split = this.bestSplit(right, features);
      }
      this.engine.release(parentHist);
    }
    for (const leaf of leaves) {
      tree.leafOutput.push(leafOutput(leaf.g, leaf.h, p.lambdaL1, p.lambdaL2));
      tree.leafCount.push(leaf.count);
      tree.leafBegin.push(leaf.begin);
      if (leaf.hist) this.engine.release(leaf.hist);
    }
    return tree;
  }

  /** Whether a split of the leaf could pass maxDepth and minDataInLeaf (else none is searched). */
  private splittable(leaf: Leaf): boolean {
    const p = this.p;
    return !(p.maxDepth > 0 && leaf.depth >= p.maxDepth) && leaf.count >= 2 * p.minDataInLeaf;
  }

  private bestSplit(leaf: Leaf, features: readonly number[]): Split | null {
    if (!this.splittable(leaf)) return null;
    return findBestSplit(this.data, features, leaf.hist!, { g: leaf.g, h: leaf.h, count: leaf.count }, this.p);
  }

  /** Stable in-place partition of rows[begin..begin+count) by the split; returns the left count. */
  private partition(rows: Int32Array, begin: number, count: number, s: Split): number {
    const n = this.data.rows;
    const m = this.data.mappers[s.feature]!;
    const goesLeft = new Uint8Array(m.numBins + 1);
    if (s.catBins) for (const b of s.catBins) goesLeft[b] = 1;
    else for (let b = 0; b <= s.threshold; b++) goesLeft[b] = 1;
    goesLeft[m.missingBin] = s.defaultLeft ? 1 : 0;
    const bins = this.data.bins;
    const base = s.feature * n;
    const tmp = this.tmp;
    // Branch-free: the row is written to both sides and only one side's cursor moves (a branch on
    // the bin mispredicts often: 12% of a one-thread profile on Ali-CCP 1M, 7% without). rows[l]
    // with l <= i has been read already.
    let l = begin, r = 0;
    for (let i = begin, e = begin + count; i < e; i++) {
      const row = rows[i]!;
      const left = goesLeft[bins[base + row]!]!;
      rows[l] = row;
      tmp[r] = row;
      l += left;
      r += 1 - left;
    }
    rows.set(tmp.subarray(0, r), l);
    return l - begin;
  }
}
