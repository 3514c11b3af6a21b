/**
 * The boosting loop: bin the training columns, then per round compute gradients, draw the bag and
 * the feature subset (seeded), grow a tree on the histograms, add its outputs to the training and
 * validation scores, evaluate the validation metric, and stop early when it has not improved for
 * `earlyStoppingRounds` rounds — keeping the trees up to the best round.
 */
import { keyOf, Rng } from "@shortlist/core-gpu/random";
import { defaultGbdtOptions, type GbdtData, type GbdtModel, type GbdtOptions, type GbdtRound } from "../model.ts";
import { binData, type BinnedData } from "./dataset.ts";
import type { HistogramEngine } from "./engine.ts";
import { Grower, type BinTree } from "./grow.ts";
import { histogramEngine, useWorkers } from "./kernel.ts";
import { metricByName, logloss, l2, ndcgAt } from "./metrics.ts";
import { gradients, initialScore } from "./objectives.ts";
import { POINTWISE } from "./row-jobs.ts";
import { addTree, binTreeLeafOf, toModelTree } from "./tree.ts";
import { checkData } from "./check.ts";
import { arenaBytes, createArena } from "./arena.ts";

const defaultMetric = { binary: "auc", regression: "l2", lambdarank: "ndcg@10" } as const;

/**
 * Trains a gradient-boosted tree ensemble on `data`, early-stopping on `valid` when given.
 * @example
 * const model = trainGbdt({ features: [x0, x1], featureNames: ["a", "b"], label: y }, undefined, { numRounds: 50 });
 */
export function trainGbdt(data: GbdtData, valid: GbdtData | undefined, options: Partial<GbdtOptions> = {}): GbdtModel {
  const o: GbdtOptions = { ...defaultGbdtOptions, ...options };
  checkData(data, valid, o);
  const started = performance.now();
  const n = data.label.length;
  const numFeatures = data.features.length;
  const catNames = new Set(o.categoricalFeatures ?? data.featureNames.filter((f) => f.endsWith("_code")));
  const isCat = data.featureNames.map((f) => o.categorical === "sorted" && catNames.has(f));
  const workers = useWorkers(n, numFeatures, o.threads);
  // The bins and row buffers in one WebAssembly memory (the SIMD histogram kernel reads it), when it can be had.
  const arena = createArena(arenaBytes(n, numFeatures, o.maxBin, o.numLeaves));
  // Edges first; the bins are filled by the engine (over its workers, when it has them).
  const binned = binData(data.features, isCat, o.maxBin, o.seed, arena ? arena.alloc : workers, false);
  const engine = histogramEngine(binned, o.threads, o.numLeaves, arena, workers);
  try {
    engine.binColumns(data.features);
    return boost(data, valid, o, isCat, binned, engine, started);
  } finally {
    engine.close();
  }
}

function boost(data: GbdtData, valid: GbdtData | undefined, o: GbdtOptions, isCat: boolean[], binned: BinnedData, engine: HistogramEngine, started: number): GbdtModel {
  const n = data.label.length;
  const numFeatures = data.features.length;
  const grower = new Grower(binned, engine, { ...o, minDataPerGroup: Math.min(100, Math.max(1, o.minDataInLeaf)) });
  const metric = metricByName(o.metric ?? defaultMetric[o.objective]);
  if (!metric) throw new Error(`unknown metric ${o.metric}`);

  const base = initialScore(o.objective, data.label);
  // Scores, gradients and row indices live in the engine's buffers (shared with its workers).
  const { score, g, h, rows, label } = engine.buf;
  score.fill(base);
  label.set(data.label);
  const validScore = valid ? new Float64Array(valid.label.length).fill(base) : undefined;
  const bagRng = new Rng(o.seed, keyOf("gbdt-bagging"));
  const featureRng = new Rng(o.seed, keyOf("gbdt-features"));
  const inBag = new Uint8Array(n).fill(1);
  const bagging = o.baggingFreq > 0 && o.baggingFraction < 1;
  // Binary and L2 gradients are computed by the engine (in ranges, over the workers), the next
  // round's right after the score update, with all rows as the next root's (no bagging).
  const pointwise = o.objective === "lambdarank" ? POINTWISE.none : POINTWISE[o.objective];
  const fill = pointwise !== POINTWISE.none && !bagging;
  let ready = false; // g / h (and with `fill` rows / og / oh) already hold this round's values
  let bagCount = n;

  const trees: GbdtModel["trees"] = [];
  const rounds: GbdtRound[] = [];
  let bestIteration = 0, bestScore: number | null = null;
  for (let round = 1; round <= o.numRounds; round++) {
    if (o.signal?.aborted) throw o.signal.reason ?? new Error("training aborted");
    if (!ready) {
      if (pointwise === POINTWISE.none) gradients(o.objective, score, label, data.group, g, h, o.lambdarankTruncationLevel);
      else engine.gradients(pointwise, fill);
    }
    if (bagging && (round - 1) % o.baggingFreq === 0) {
      bagCount = 0;
      for (let i = 0; i < n; i++) { const keep = bagRng.float() < o.baggingFraction; inBag[i] = keep ? 1 : 0; if (keep) bagCount++; }
    }
    if (!fill) {
      let c = 0;
      for (let i = 0; i < n; i++) if (inBag[i] === 1) rows[c++] = i;
    }
    const features = pickFeatures(numFeatures, o.featureFraction, featureRng);
    const bt = grower.grow(bagCount, features, fill);
    ready = addTreeScores(bt, engine, bagCount < n ? inBag : null, o.learningRate, binned, fill ? pointwise : POINTWISE.none);
    const tree = toModelTree(bt, binned, o.learningRate);
    trees.push(tree);
    let v: number | null = null;
    if (valid && validScore) {
      addTree(tree, valid.features, validScore);
      v = metric.eval(validScore, valid.label, valid.group);
      if (bestScore === null || (metric.higherIsBetter ? v > bestScore : v < bestScore)) { bestScore = v; bestIteration = round; }
    } else bestIteration = round;
    const entry: GbdtRound = { round, trainLoss: trainLoss(o.objective, score, data), valid: v, seconds: (performance.now() - started) / 1000 };
    rounds.push(entry);
    o.onRound?.(entry);
    if (valid && o.earlyStoppingRounds > 0 && round - bestIteration >= o.earlyStoppingRounds) break;
  }
  // Without early stopping every tree is kept (as LightGBM does); bestScore is then the last round's.
  if (!(valid && o.earlyStoppingRounds > 0)) { bestIteration = trees.length; bestScore = rounds[rounds.length - 1]?.valid ?? null; }
  trees.length = bestIteration;
  const gain = new Array<number>(numFeatures).fill(0), split = new Array<number>(numFeatures).fill(0);
  for (const t of trees) t.splitFeature.forEach((f, i) => { gain[f]! += t.splitGain[i]!; split[f]!++; });
  return {
    format: "shortlist-gbdt/1", objective: o.objective, baseScore: base, featureNames: [...data.featureNames],
    categoricalFeatures: isCat.flatMap((c, f) => (c ? [f] : [])), trees, bestIteration, metric: metric.name, bestScore,
    importance: { gain, split }, rounds,
  };
}

/**
 * score[i] += learningRate · (output of row i's leaf), for every row; returns whether the engine
 * also computed the next gradients (`objective` ≠ none, no bagging). In-bag rows: the partition says
 * which leaf each is in — marked in `leafOf` (2 bytes a row) first so that the score pass is
 * sequential (adding by leaf range, score[rows[i]] += v, jumps through 8 bytes × n). Out-of-bag
 * rows walk the tree. Each row gets the same single addition either way, so scores are unchanged.
 */
function addTreeScores(bt: BinTree, engine: HistogramEngine, inBag: Uint8Array | null, lr: number, binned: BinnedData, objective: number): boolean {
  const { score, rows, leafOf, values, leafBegin, leafIndex } = engine.buf;
  const n = score.length;
  const leaves = bt.leafOutput.length;
  if (leafOf.length < n) { // more than 65,536 leaves: by leaf range
    for (let l = 0; l < leaves; l++) {
      const v = bt.leafOutput[l]! * lr;
      for (let i = bt.leafBegin[l]!, e = i + bt.leafCount[l]!; i < e; i++) score[rows[i]!]! += v;
    }
    if (inBag) for (let i = 0; i < n; i++) if (inBag[i] === 0) score[i]! += bt.leafOutput[binTreeLeafOf(bt, binned, i)]! * lr;
    return false;
  }
  bt.leafOutput.forEach((x, l) => { values[l] = x * lr; });
  // By begin; an empty leaf before a non-empty one at the same begin (markLeafRange skips it).
  const order = Array.from({ length: leaves }, (_, l) => l).sort((a, b) => bt.leafBegin[a]! - bt.leafBegin[b]! || bt.leafCount[a]! - bt.leafCount[b]!);
  order.forEach((l, k) => { leafBegin[k] = bt.leafBegin[l]!; leafIndex[k] = l; });
  let count = 0;
  for (const c of bt.leafCount) count += c;
  engine.markLeaves(leaves, count);
  if (!inBag) { engine.addScores(objective, objective !== POINTWISE.none); return objective !== POINTWISE.none; }
  for (let i = 0; i < n; i++) score[i]! += inBag[i] === 1 ? values[leafOf[i]!]! : bt.leafOutput[binTreeLeafOf(bt, binned, i)]! * lr;
  return false;
}

/** The features a tree may split on: all, or a seeded subset of ⌈fraction·F⌉ (at least 1). */
function pickFeatures(count: number, fraction: number, rng: Rng): number[] {
  const all = Array.from({ length: count }, (_, f) => f);
  if (fraction >= 1) return all;
  const k = Math.max(1, Math.round(fraction * count));
  for (let i = 0; i < k; i++) { const j = i + rng.int(count - i); [all[i], all[j]] = [all[j]!, all[i]!]; }
  return all.slice(0, k).sort((a, b) => a - b);
}

/**
 * Training loss for the curve, on every k-th row (at most ~10,000 rows; all rows, whole groups, for
 * lambdarank): a full pass per round would cost as much as growing a small tree.
 */
function trainLoss(objective: GbdtOptions["objective"], score: Float64Array, data: GbdtData): number {
  const n = data.label.length;
  if (objective === "lambdarank") return 1 - ndcgAt(10, score, data.label, data.group!);
  const step = Math.max(1, Math.ceil(n / 10_000));
  const m = Math.ceil(n / step);
  const s = new Float64Array(m), l = new Float32Array(m);
  for (let i = 0, j = 0; i < n; i += step, j++) { s[j] = score[i]!; l[j] = data.label[i]!; }
  return objective === "binary" ? logloss(s, l) : l2(s, l);
}
