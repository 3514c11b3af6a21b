/**
 * Best split of a leaf from its histogram, with LightGBM's regularised gain:
 * score(G, H) = T(G)² / (H + λ2) with T(G) = sign(G)·max(0, |G| − λ1), and
 * gain = score(left) + score(right) − score(parent). Numeric features scan thresholds twice, once
 * with the missing bin on each side, which is how the default direction is learned; categorical
 * features (sorted mode) order categories by G / (H + catSmooth) and scan prefixes from both ends
 * (LightGBM's sorted-category split).
 */
import type { BinnedData } from "./dataset.ts";

export interface SplitParams {
  lambdaL1: number;
  lambdaL2: number;
  minDataInLeaf: number;
  minSumHessianInLeaf: number;
  minGainToSplit: number;
  maxCatThreshold: number;
  catSmooth: number;
  catL2: number;
  /** Categories with fewer rows than this never go left on their own (LightGBM min_data_per_group). */
  minDataPerGroup: number;
}

export interface Split {
  feature: number;
  gain: number;
  /** Numeric: bins <= threshold go left. */
  threshold: number;
  defaultLeft: boolean;
  /** Categorical: the bins that go left (null for numeric). */
  catBins: number[] | null;
  leftG: number; leftH: number; leftCount: number;
  rightG: number; rightH: number; rightCount: number;
}

const threshL1 = (g: number, l1: number) => (g > l1 ? g - l1 : g < -l1 ? g + l1 : 0);

/**
 * Regularised score of a leaf with gradient sum g and hessian sum h.
 * @example leafScore(-4, 2, 0, 0); // 8
 */
export function leafScore(g: number, h: number, l1: number, l2: number): number {
  const t = threshL1(g, l1);
  return (t * t) / (h + l2);
}

/**
 * Output of a leaf (before the learning rate).
 * @example leafOutput(-4, 2, 0, 0); // 2
 */
export function leafOutput(g: number, h: number, l1: number, l2: number): number {
  return -threshL1(g, l1) / (h + l2);
}

/** Totals of a leaf: sums over one feature's slots (every row lands in exactly one). */
export interface LeafSums { g: number; h: number; count: number }

/**
 * The best split over `features`, or null when no split passes the constraints and minGainToSplit.
 * @example
 * const s = findBestSplit(data, [0, 1, 2], hist, sums, params); // s?.feature, s?.threshold
 */
export function findBestSplit(data: BinnedData, features: readonly number[], hist: Float64Array, sums: LeafSums, p: SplitParams): Split | null {
  let best: Split | null = null;
  for (const f of features) {
    const m = data.mappers[f]!;
    if (m.numBins < 1) continue;
    const s = m.categorical ? categoricalSplit(f, m.numBins, data.histOffset[f]! * 3, hist, sums, p) : numericSplit(f, m.numBins, data.histOffset[f]! * 3, hist, sums, p);
    if (s && (!best || s.gain > best.gain)) best = s;
  }
  return best;
}

function numericSplit(f: number, nb: number, off: number, hist: Float64Array, t: LeafSums, p: SplitParams): Split | null {
  const mg = hist[off + nb * 3]!, mh = hist[off + nb * 3 + 1]!, mc = hist[off + nb * 3 + 2]!;
  const { lambdaL1: l1, lambdaL2: l2, minDataInLeaf: minData, minSumHessianInLeaf: minHess } = p;
  const parent = leafScore(t.g, t.h, l1, l2);
  let bestGain = p.minGainToSplit, bestTh = -1, bestLeft = false, bg = 0, bh = 0, bcnt = 0;
  let g = 0, h = 0, c = 0;
  // Thresholds up to nb-1: the last one (all values left) only separates the missing rows.
  const lastTh = mc > 0 ? nb - 1 : nb - 2;
  // Missing rows also go left (k = 1 below) only when there are any, and below nb-1.
  const lastBoth = mc > 0 ? nb - 2 : -1;
  const tg = t.g, th_ = t.h, tc = t.count;
  for (let th = 0; th <= lastTh; th++) {
    const bc = hist[off + th * 3 + 2]!;
    // An empty bin leaves the sums as they were: the same split as the threshold before it.
    if (bc === 0 && th > 0) continue;
    g += hist[off + th * 3]!; h += hist[off + th * 3 + 1]!; c += bc;
    if (c + mc < minData) continue;
    if (tc - c < minData) break;
    // k = 0: missing rows go right.
    const rh = th_ - h, rc = tc - c;
    if (!(c < minData || rc < minData || h < minHess || rh < minHess)) {
      const gain = leafScore(g, h, l1, l2) + leafScore(tg - g, rh, l1, l2) - parent;
      if (gain > bestGain) { bestGain = gain; bestTh = th; bestLeft = false; bg = g; bh = h; bcnt = c; }
    }
    // k = 1: they go left.
    if (th <= lastBoth) {
      const lg = g + mg, lh = h + mh, lc = c + mc;
      const rh1 = th_ - lh, rc1 = tc - lc;
      if (lc < minData || rc1 < minData || lh < minHess || rh1 < minHess) continue;
      const gain = leafScore(lg, lh, l1, l2) + leafScore(tg - lg, rh1, l1, l2) - parent;
      if (gain > bestGain) { bestGain = gain; bestTh = th; bestLeft = true; bg = lg; bh = lh; bcnt = lc; }
    }
  }
  if (bestTh < 0) return null;
  return { feature: f, gain: bestGain, threshold: bestTh, defaultLeft: bestLeft, catBins: null, leftG: bg, leftH: bh, leftCount: bcnt, rightG: t.g - bg, rightH: t.h - bh, rightCount: t.count - bcnt };
}

function categoricalSplit(f: number, nb: number, off: number, hist: Float64Array, t: LeafSums, p: SplitParams): Split | null {
  // Bin nb-1 holds rare / unseen categories: it never goes left, so it is not a candidate.
  const used: number[] = [];
  for (let b = 0; b < nb - 1; b++) if (hist[off + b * 3 + 2]! >= Math.max(1, p.minDataPerGroup)) used.push(b);
  if (used.length < 1) return null;
  const ratio = (b: number) => hist[off + b * 3]! / (hist[off + b * 3 + 1]! + p.catSmooth);
  used.sort((a, b) => ratio(a) - ratio(b) || a - b);
  const l2 = p.lambdaL2 + p.catL2;
  const parent = leafScore(t.g, t.h, p.lambdaL1, l2);
  const maxLeft = Math.min(p.maxCatThreshold, Math.floor((used.length + 1) / 2));
  let best: Split | null = null;
  let bestGain = p.minGainToSplit;
  for (const dir of [1, -1]) {
    let g = 0, h = 0, c = 0;
    for (let k = 0; k < maxLeft; k++) {
      const b = dir === 1 ? used[k]! : used[used.length - 1 - k]!;
      g += hist[off + b * 3]!; h += hist[off + b * 3 + 1]!; c += hist[off + b * 3 + 2]!;
      const rg = t.g - g, rh = t.h - h, rc = t.count - c;
      if (c < p.minDataInLeaf || h < p.minSumHessianInLeaf) continue;
      if (rc < p.minDataInLeaf || rh < p.minSumHessianInLeaf) break;
      const gain = leafScore(g, h, p.lambdaL1, l2) + leafScore(rg, rh, p.lambdaL1, l2) - parent;
      if (gain > bestGain) {
        bestGain = gain;
        const catBins = (dir === 1 ? used.slice(0, k + 1) : used.slice(used.length - 1 - k)).sort((a, b) => a - b);
        best = { feature: f, gain, threshold: -1, defaultLeft: false, catBins, leftG: g, leftH: h, leftCount: c, rightG: rg, rightH: rh, rightCount: rc };
      }
    }
  }
  return best;
}
