/**
 * What rank.gbdt tells the run besides its model: feature importance (an artifact the report
 * draws, and the top features as metrics) and the training curve in the `training.<algo>` shape
 * that the report's training section reads.
 */
import type { GbdtModel } from "./model.ts";

/** `importance.<name>`: per feature, total split gain and split count (kept trees only). */
export interface ImportanceArtifact { feature: string[]; gain: number[]; split: number[] }

/** @example importanceOf(model).gain[0] // gain of model.featureNames[0] */
export function importanceOf(model: GbdtModel): ImportanceArtifact {
  return { feature: model.featureNames.slice(), gain: model.featureNames.map((_, f) => model.importance.gain[f] ?? 0), split: model.featureNames.map((_, f) => model.importance.split[f] ?? 0) };
}

/**
 * Metrics for the `top` features by gain: `importance.gain.<feature>` and `importance.split.<feature>`.
 * @example importanceMetrics(model, 5) // { "importance.gain.item_mean_rating": 812.4, … }
 */
export function importanceMetrics(model: GbdtModel, top: number): Record<string, number> {
  const imp = importanceOf(model);
  const order = imp.feature.map((_, f) => f).filter((f) => imp.split[f]! > 0).sort((a, b) => imp.gain[b]! - imp.gain[a]! || a - b).slice(0, top);
  const out: Record<string, number> = {};
  for (const f of order) {
    out[`importance.gain.${imp.feature[f]}`] = imp.gain[f]!;
    out[`importance.split.${imp.feature[f]}`] = imp.split[f]!;
  }
  return out;
}

/**
 * `training.<name>`: one entry per boosting round (epoch = round, seconds = that round's time), loss = training loss, valid =
 * the validation metric; samplesPerSecond counts training rows processed per second.
 * @example trainingCurve(model, "gbdt", 80_000).bestEpoch // model.bestIteration
 */
export function trainingCurve(model: GbdtModel, algo: string, trainRows: number) {
  let prev = 0;
  const epochs = model.rounds.map((r) => {
    const dt = r.seconds - prev;
    prev = r.seconds;
    return { epoch: r.round, loss: r.trainLoss, valid: r.valid, seconds: dt, samplesPerSecond: dt > 0 ? trainRows / dt : 0 };
  });
  return { algo, metric: model.metric, bestEpoch: model.bestIteration, epochs };
}
