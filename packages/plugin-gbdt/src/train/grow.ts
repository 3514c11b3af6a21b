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
 * One training run's tree grower (the engine's buffers are reused from tree to tree).
 * @example const grower = new Grower(binned, serialEngine(binned, 31), params); const tree = grower.grow(n, features, false);
 */
export class Grower {
  constructor(private readonly data: BinnedData, private readonly engine: HistogramEngine, private readonly p: GrowParams) {}

  /** A histogram of rows[begin..begin+count) from og / oh (`direct`: from g / h; `sums`: engine.buf.sums too). */
  private build(features: readonly number[], begin: number, count: number, direct = false, sums = false): Float64Array {
    const hist = this.engine.acquire();
    hist.fill(0);
    this.engine.build(features, begin, count, hist, direct, sums);
    return hist;
  }

  /**
   * Grows one tree on engine.buf.rows[0..count) with the gradients and hessians engine.buf.g / h,
   * splitting only on `features`; `identity`: rows[0..count) are 0..count-1, so the root's
   * histogram reads g / h in place (otherwise they are gathered into og / oh first).
   * On return each leaf's rows are the range tree.leafBegin/leafCount of engine.buf.rows.
   * @example
   * const tree = grower.grow(n, [0, 1, 2], false);
   */
  grow(count: number, features: readonly number[], identity: boolean): BinTree {
    const { p } = this;
    const tree: BinTree = { splits: [], left: [], right: [], leafOutput: [], leafCount: [], leafBegin: [] };
    if (!identity) this.engine.gather(0, count);
    // The root's totals in row order, as a serial pass adds them: added by its histogram's last pass.
    const hist = this.build(features, 0, count, identity, true);
    const { sums } = this.engine.buf;
    const root: Leaf = { begin: 0, count, depth: 0, hist, g: sums[0]!, h: sums[1]!, split: null, parent: -1, isLeft: false };
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
      // The split's counts are the children's (exact sums of histogram counts), so the partition
      // can gather the smaller child's gradients as it places its rows. No histogram is built and
      // no split searched where none could be taken: the last leaves, at maxDepth, or too few rows
      // (the histograms serve only the split search).
      const depth = leaf.depth + 1;
      const smallLeft = s.leftCount <= s.rightCount;
      const more = leaves.length + 1 < p.numLeaves;
      const build = more && (this.splittable(s.leftCount, depth) || this.splittable(s.rightCount, depth));
      const [gBegin, gEnd] = !build ? [0, 0] : smallLeft ? [leaf.begin, leaf.begin + s.leftCount] : [leaf.begin + s.leftCount, leaf.begin + leaf.count];
      const nLeft = this.partition(leaf.begin, leaf.count, s, gBegin, gEnd);
      if (nLeft !== s.leftCount) throw new Error(`gbdt: partition put ${nLeft} rows left, the split counted ${s.leftCount}`);
      const left: Leaf = { begin: leaf.begin, count: nLeft, depth, hist: null, g: s.leftG, h: s.leftH, split: null, parent: node, isLeft: true };
      const right: Leaf = { begin: leaf.begin + nLeft, count: leaf.count - nLeft, depth, hist: null, g: s.rightG, h: s.rightH, split: null, parent: node, isLeft: false };
      leaves[bi] = left;
      leaves.push(right);
      const [small, large] = smallLeft ? [left, right] : [right, left];
      if (build) {
        small.hist = this.build(features, small.begin, small.count);
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
  private splittable(count: number, depth: number): boolean {
    const p = this.p;
    return !(p.maxDepth > 0 && depth >= p.maxDepth) && count >= 2 * p.minDataInLeaf;
  }

  private bestSplit(leaf: Leaf, features: readonly number[]): Split | null {
    if (!this.splittable(leaf.count, leaf.depth)) return null;
    return findBestSplit(this.data, features, leaf.hist!, { g: leaf.g, h: leaf.h, count: leaf.count }, this.p);
  }

  /**
   * Stable in-place partition of the leaf's rows by the split (engine.partition, which also gathers
   * the gradients of rows landing in [gBegin, gEnd)); returns the left count.
   */
  private partition(begin: number, count: number, s: Split, gBegin: number, gEnd: number): number {
    const m = this.data.mappers[s.feature]!;
    const goesLeft = this.engine.buf.goesLeft;
    goesLeft.fill(0, 0, m.numBins + 1);
    if (s.catBins) for (const b of s.catBins) goesLeft[b] = 1;
    else for (let b = 0; b <= s.threshold; b++) goesLeft[b] = 1;
    goesLeft[m.missingBin] = s.defaultLeft ? 1 : 0;
    return this.engine.partition(s.feature, begin, count, gBegin, gEnd);
  }
}
