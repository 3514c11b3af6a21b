/**
 * The trained model: what `trainGbdt` returns, what the predictor, the ONNX exporter and the JSON
 * dump read. Trees are flat arrays (LightGBM's own layout) so that prediction walks typed arrays
 * and export is a loop over nodes. This interface is a contract with the stage / export code:
 * extend it, never change the meaning of a field.
 *
 * Decisions, per internal node i of a tree:
 * - numeric: `x <= threshold[i]` goes to `left[i]`, otherwise `right[i]`. Thresholds are on the RAW
 *   feature value and are exactly representable as float32 (so an f32 comparison in ONNX Runtime
 *   takes the same branch as this library's).
 * - categorical (`catOffsets[i] < catOffsets[i + 1]`): x goes left when it equals one of
 *   `catValues[catOffsets[i] .. catOffsets[i + 1])`, otherwise right (unseen categories go right,
 *   as in LightGBM); `threshold[i]` is NaN for such nodes.
 * - missing (NaN) goes left when `defaultLeft[i]` is 1, otherwise right — for both kinds.
 * - a child index >= 0 is an internal node; a negative child c is leaf `~c` (i.e. `-c - 1`).
 * A tree with no split has zero internal nodes and one leaf; node 0 is the root otherwise.
 * `leafValue` already includes the learning rate: the raw margin of a row is
 * `baseScore + Σ_trees leafValue[leaf reached]`.
 */

/** Training objective: log loss on {0,1} labels, squared error, or LambdaRank (NDCG per group). */
export type GbdtObjective = "binary" | "regression" | "lambdarank";

/** One tree in flat arrays; internal nodes indexed 0..numNodes-1, leaves 0..numLeaves-1. */
export interface GbdtTree {
  /** Feature index (into `GbdtModel.featureNames`) tested at each internal node. */
  splitFeature: Int32Array;
  /** Numeric split point on the raw value (`x <= threshold` goes left); NaN at categorical nodes. */
  threshold: Float32Array;
  /** 1 when a missing (NaN) value goes left at this node, 0 when it goes right. */
  defaultLeft: Uint8Array;
  /** CSR offsets into `catValues` (length numNodes + 1); an empty range means a numeric split. */
  catOffsets: Int32Array;
  /** Category values (raw feature values, integral) that go left at categorical nodes. */
  catValues: Float32Array;
  /** Left child: >= 0 internal node, < 0 leaf `~child`. */
  left: Int32Array;
  /** Right child: >= 0 internal node, < 0 leaf `~child`. */
  right: Int32Array;
  /** Loss reduction of each split (for importance and dumps). */
  splitGain: Float32Array;
  /** Training rows (after bagging) that reached each internal node. */
  internalCount: Int32Array;
  /** Output of each leaf, learning rate applied. */
  leafValue: Float64Array;
  /** Training rows (after bagging) that reached each leaf. */
  leafCount: Int32Array;
}

/** Per-feature importance aligned with `featureNames`. */
export interface GbdtImportance {
  /** Total loss reduction of the splits on the feature (kept trees only). */
  gain: number[];
  /** Number of splits on the feature (kept trees only). */
  split: number[];
}

/** One boosting round as logged during training (for `training.<algo>` curves). */
export interface GbdtRound {
  /** 1-based round number. */
  round: number;
  /** Training loss after the round: log loss or mean squared error on every k-th row (at most ~10,000 rows), or 1 − NDCG@10 over all groups for lambdarank. */
  trainLoss: number;
  /** Validation metric after the round, null without a validation set. */
  valid: number | null;
  /** Seconds since training started. */
  seconds: number;
}

/** A trained gradient-boosted tree ensemble. */
export interface GbdtModel {
  format: "shortlist-gbdt/1";
  objective: GbdtObjective;
  /** Raw margin every row starts from (log-odds of the base rate for binary, mean for L2, 0 for lambdarank). */
  baseScore: number;
  featureNames: string[];
  /** Features treated as categorical by the sorted-category split (indices); empty when `categorical: "ordinal"`. */
  categoricalFeatures: number[];
  /** The trees that predict: already truncated to the best iteration when early stopping ran. */
  trees: GbdtTree[];
  /** 1-based round with the best validation metric (= trees.length) under early stopping; trees.length (all rounds) otherwise. */
  bestIteration: number;
  /** Validation metric name ("auc", "logloss", "l2", "ndcg@10") and its value at bestIteration (null without validation). */
  metric: string;
  bestScore: number | null;
  importance: GbdtImportance;
  /** Every round trained, including those after the best iteration. */
  rounds: GbdtRound[];
}

/** A data set: one Float32Array column per feature (NaN = missing), a label per row, optional groups. */
export interface GbdtData {
  features: Float32Array[];
  featureNames: string[];
  /** Binary: 0/1; regression: any value; lambdarank: graded relevance >= 0. */
  label: Float32Array;
  /** Group id per row (lambdarank and NDCG); rows of a group must be contiguous. */
  group?: Int32Array;
}

/** Training options; names follow LightGBM's parameters. */
export interface GbdtOptions {
  objective: GbdtObjective;
  /** Boosting rounds (one tree each). */
  numRounds: number;
  learningRate: number;
  /** Leaves per tree (leaf-wise growth stops here). */
  numLeaves: number;
  /** Maximum depth; -1 = unlimited. */
  maxDepth: number;
  minDataInLeaf: number;
  minSumHessianInLeaf: number;
  lambdaL1: number;
  lambdaL2: number;
  minGainToSplit: number;
  /** Fraction of features considered by each tree (seeded). */
  featureFraction: number;
  /** Fraction of rows used by each tree, redrawn every `baggingFreq` rounds (0 = off). */
  baggingFraction: number;
  baggingFreq: number;
  /** Maximum histogram bins per feature (the missing bin is extra). */
  maxBin: number;
  /** How categorical features are split: as ordered numbers, or LightGBM's sorted-category split. */
  categorical: "ordinal" | "sorted";
  /** Names of categorical features; default: names ending in `_code`. */
  categoricalFeatures?: string[];
  /** Sorted-category split: most categories that may go left (LightGBM max_cat_threshold). */
  maxCatThreshold: number;
  /** Sorted-category split: smoothing of the gradient/hessian ratio used to order categories (cat_smooth). */
  catSmooth: number;
  /** Sorted-category split: extra L2 on categorical splits (cat_l2). */
  catL2: number;
  /** Stop when the validation metric has not improved for this many rounds; 0 = off. */
  earlyStoppingRounds: number;
  /** Validation metric: "auc", "logloss", "l2" or "ndcg@K"; default by objective (auc / l2 / ndcg@10). */
  metric?: string;
  /** LambdaRank: NDCG truncation for the pairs considered (lambdarank_truncation_level). */
  lambdarankTruncationLevel: number;
  /** Seed for feature fraction and bagging. */
  seed: number;
  /** Threads for histogram building (1 = no worker threads). */
  threads: number;
  /** Called after each round (progress, logging). */
  onRound?: (round: GbdtRound) => void;
  /** Aborts training between rounds. */
  signal?: AbortSignal;
}

/**
 * LightGBM's defaults (threads 2: the target machine has two cores).
 * @example trainGbdt(data, valid, { ...defaultGbdtOptions, numLeaves: 63 });
 */
export const defaultGbdtOptions: GbdtOptions = {
  objective: "binary",
  numRounds: 100,
  learningRate: 0.1,
  numLeaves: 31,
  maxDepth: -1,
  minDataInLeaf: 20,
  minSumHessianInLeaf: 1e-3,
  lambdaL1: 0,
  lambdaL2: 0,
  minGainToSplit: 0,
  featureFraction: 1,
  baggingFraction: 1,
  baggingFreq: 0,
  maxBin: 255,
  categorical: "ordinal",
  maxCatThreshold: 32,
  catSmooth: 10,
  catL2: 10,
  earlyStoppingRounds: 0,
  lambdarankTruncationLevel: 30,
  seed: 0,
  threads: 2,
};

export { trainGbdt } from "./train/train.ts";
export { predictRaw, predictProba, type PredictOptions } from "./predict.ts";
