/**
 * Options of rank.gbdt: where the rows come from (samples mode or the ranking funnel), which
 * columns are features and label, and every training option of the library (LightGBM's names
 * and defaults, except early stopping, which is on by default because the stage always has a
 * validation set).
 */
import { z } from "zod";
import { defaultGbdtOptions as d } from "./model.ts";

const trainingOptions = {
  objective: z.enum(["binary", "regression", "lambdarank"]).default("binary").describe("binary: log loss on 0/1 labels, scores are probabilities; regression: squared error; lambdarank: NDCG per group (group option), scores are raw margins"),
  numRounds: z.number().int().min(1).default(d.numRounds).describe("Boosting rounds, one tree each (LightGBM num_iterations)"),
  learningRate: z.number().positive().default(d.learningRate).describe("Shrinkage applied to every tree's leaves"),
  numLeaves: z.number().int().min(2).default(d.numLeaves).describe("Leaves per tree; trees grow leaf-wise (best gain first) up to this"),
  maxDepth: z.number().int().min(-1).default(d.maxDepth).describe("Maximum tree depth; -1 = unlimited"),
  minDataInLeaf: z.number().int().min(1).default(d.minDataInLeaf).describe("Fewest training rows a leaf may hold"),
  minSumHessianInLeaf: z.number().min(0).default(d.minSumHessianInLeaf).describe("Smallest sum of hessians a leaf may hold"),
  lambdaL1: z.number().min(0).default(d.lambdaL1).describe("L1 regularisation of leaf values"),
  lambdaL2: z.number().min(0).default(d.lambdaL2).describe("L2 regularisation of leaf values"),
  minGainToSplit: z.number().min(0).default(d.minGainToSplit).describe("A split must reduce the loss by at least this"),
  featureFraction: z.number().gt(0).max(1).default(d.featureFraction).describe("Share of features each tree may use (seeded draw per tree)"),
  baggingFraction: z.number().gt(0).max(1).default(d.baggingFraction).describe("Share of rows each tree learns from, redrawn every baggingFreq rounds"),
  baggingFreq: z.number().int().min(0).default(d.baggingFreq).describe("Redraw the bagged rows every this many rounds; 0 = no bagging"),
  maxBin: z.number().int().min(2).default(d.maxBin).describe("Histogram bins per feature (missing values get their own bin)"),
  categorical: z.enum(["ordinal", "sorted"]).default(d.categorical).describe("ordinal: code columns split as numbers; sorted: LightGBM's sorted-category set splits on categoricalFeatures"),
  categoricalFeatures: z.array(z.string().min(1)).optional().describe("Features split as categories when categorical is sorted; default: features whose name ends in _code"),
  maxCatThreshold: z.number().int().min(1).default(d.maxCatThreshold).describe("Sorted-category split: most categories that may go left (LightGBM max_cat_threshold)"),
  catSmooth: z.number().min(0).default(d.catSmooth).describe("Sorted-category split: smoothing of the gradient/hessian ratio that orders categories"),
  catL2: z.number().min(0).default(d.catL2).describe("Sorted-category split: extra L2 regularisation"),
  earlyStoppingRounds: z.number().int().min(0).default(20).describe("Stop when the validation metric has not improved for this many rounds and keep the best round's trees; 0 = train every round"),
  metric: z.string().regex(/^(auc|logloss|l2|ndcg@\d+)$/).optional().describe('Validation metric for early stopping: "auc", "logloss", "l2" or "ndcg@K"; default auc (binary), l2 (regression), ndcg@10 (lambdarank)'),
  lambdarankTruncationLevel: z.number().int().min(1).default(d.lambdarankTruncationLevel).describe("LambdaRank: only pairs involving the top this many of a group are used"),
  threads: z.number().int().min(1).default(d.threads).describe("Threads building histograms (1 = no worker threads)"),
};

export const gbdtStageOptions = z.object({
  input: z.string().min(1).default("samples.ranking").describe("Samples mode: labelled rows with a split column (0 train, 1 valid, 2 test), as data.features' samples.ranking; scores the test rows into scores.<name>"),
  candidates: z.string().min(1).optional().describe('Funnel mode when set (e.g. "candidates.train"): candidate lists of validation users with 0/1 labels; a validShare of their users is held out to early-stop on, the rest train'),
  rank: z.string().min(1).default("candidates.test").describe("Funnel mode: the candidate lists to score and cut to k per user into recs.<name>"),
  validShare: z.number().gt(0).lt(1).default(0.2).describe("Funnel mode: share of the candidates' users (seeded draw) held out for early stopping"),
  k: z.number().int().min(1).default(50).describe("Funnel mode: length of each user's ranked list"),
  name: z.string().regex(/^[\w-]+$/).default("gbdt").describe("Outputs are model.<name> (ONNX, on disk model.<name>.onnx), model.<name>.dump (JSON), scores.<name> or recs.<name>, importance.<name>, training.<name>"),
  features: z.array(z.string().min(1)).min(1).optional().describe("Feature columns, in the ONNX input's order; default: every numeric column except user, item, label, split, group and timestamp"),
  label: z.string().min(1).default("label").describe("Label column: 0/1 for binary, any finite number for regression, whole relevance grades 0..31 for lambdarank"),
  group: z.string().min(1).optional().describe("lambdarank: query column (rows of a query contiguous); default group when the table has one, else user"),
  ...trainingOptions,
});

export type GbdtStageOptions = z.output<typeof gbdtStageOptions>;

/** Columns never taken as features by default: ids, the label, the protocol's bookkeeping. */
export const NOT_FEATURES = ["user", "item", "label", "split", "group", "timestamp"];

/**
 * Artifact names the stage writes. The ONNX model is the blob `model.<name>`, which the store
 * keeps as `model.<name>.onnx`; the JSON dump cannot share that name, so it is `model.<name>.dump`
 * (`model.<name>.dump.json` on disk).
 * @example outputNames("gbdt").onnx // "model.gbdt"
 */
export function outputNames(name: string) {
  return { onnx: `model.${name}`, dump: `model.${name}.dump`, importance: `importance.${name}`, training: `training.${name}`, scores: `scores.${name}`, recs: `recs.${name}` };
}

/**
 * The stage's outputs for its options: scores.<name> in samples mode, recs.<name> in funnel mode.
 * @example gbdtOutputs(gbdtStageOptions.parse({})) // ["model.gbdt", "model.gbdt.dump", "importance.gbdt", "training.gbdt", "scores.gbdt"]
 */
export function gbdtOutputs(o: Pick<GbdtStageOptions, "name" | "candidates">): string[] {
  const n = outputNames(o.name);
  return [n.onnx, n.dump, n.importance, n.training, o.candidates ? n.recs : n.scores];
}
