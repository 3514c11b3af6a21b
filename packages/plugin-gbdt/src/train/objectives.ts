/**
 * Gradients and hessians of the objectives, per row, from the current raw scores:
 * binary log loss (σ(s) − y, σ(s)(1 − σ(s))), squared error (s − y, 1) and LambdaRank (LightGBM's
 * lambdas: pairwise RankNet gradients weighted by the NDCG change of swapping the pair).
 */
import type { GbdtObjective } from "../model.ts";
import { groupRanges } from "./metrics.ts";

/**
 * The raw margin every row starts from (LightGBM's boost_from_average).
 * @example initialScore("binary", Float32Array.of(0, 0, 0, 1)); // log(1/3)
 */
export function initialScore(objective: GbdtObjective, label: Float32Array): number {
  if (objective === "lambdarank" || label.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < label.length; i++) sum += label[i]!;
  const mean = sum / label.length;
  if (objective === "regression") return mean;
  const p = Math.min(1 - 1e-15, Math.max(1e-15, mean));
  return Math.log(p / (1 - p));
}

/**
 * Fills g and h for every row.
 * @example
 * gradients("binary", score, label, undefined, g, h, 30);
 */
export function gradients(objective: GbdtObjective, score: Float64Array, label: Float32Array, group: Int32Array | undefined, g: Float32Array, h: Float32Array, truncation: number): void {
  if (objective !== "lambdarank") return pointGradients(objective, score, label, g, h, 0, label.length);
  if (!group) throw new Error("lambdarank needs a group id per row");
  for (const [b, e] of groupRanges(group)) lambdaGroup(score, label, b, e, g, h, truncation);
}

/**
 * g and h of rows [a, b) for the objectives where each row's depend on its own score only (the
 * histogram workers compute them in ranges: row-jobs.ts).
 * @example pointGradients("binary", score, label, g, h, 0, label.length);
 */
export function pointGradients(objective: "binary" | "regression", score: Float64Array, label: Float32Array, g: Float32Array, h: Float32Array, a: number, b: number): void {
  if (objective === "binary") {
    for (let i = a; i < b; i++) {
      const p = 1 / (1 + Math.exp(-score[i]!));
      g[i] = p - label[i]!;
      h[i] = Math.max(p * (1 - p), 1e-16);
    }
  } else {
    for (let i = a; i < b; i++) { g[i] = score[i]! - label[i]!; h[i] = 1; }
  }
}

const labelGain = (l: number) => 2 ** l - 1;

/** LightGBM's LambdarankNDCG::GetGradientsForOneQuery (sigmoid 1, norm on). */
function lambdaGroup(score: Float64Array, label: Float32Array, b: number, e: number, g: Float32Array, h: Float32Array, truncation: number): void {
  const cnt = e - b;
  for (let i = b; i < e; i++) { g[i] = 0; h[i] = 0; }
  // Ideal DCG at the truncation level: labels sorted descending.
  const labels = Array.from(label.subarray(b, e)).sort((x, y) => y - x);
  let maxDcg = 0;
  for (let k = 0; k < Math.min(truncation, cnt); k++) maxDcg += labelGain(labels[k]!) / Math.log2(k + 2);
  if (maxDcg <= 0) return;
  const inv = 1 / maxDcg;
  const order = Array.from({ length: cnt }, (_, k) => b + k).sort((x, y) => score[y]! - score[x]! || x - y);
  const best = score[order[0]!]!, worst = score[order[cnt - 1]!]!;
  let sumLambdas = 0;
  for (let i = 0; i < Math.min(truncation, cnt - 1); i++) {
    for (let j = i + 1; j < cnt; j++) {
      const a = order[i]!, c = order[j]!;
      if (label[a] === label[c]) continue;
      const [high, low, hr, lr] = label[a]! > label[c]! ? [a, c, i, j] : [c, a, j, i];
      const delta = score[high]! - score[low]!;
      const dcgGap = labelGain(label[high]!) - labelGain(label[low]!);
      const discountGap = 1 / Math.log2(hr + 2) - 1 / Math.log2(lr + 2);
      let dNdcg = Math.abs(dcgGap * discountGap) * inv;
      if (best !== worst) dNdcg /= 0.01 + Math.abs(delta);
      const pl = 1 / (1 + Math.exp(delta));
      const lambda = -pl * dNdcg;
      const hess = pl * (1 - pl) * dNdcg;
      g[low]! += -lambda; h[low]! += hess;
      g[high]! += lambda; h[high]! += hess;
      sumLambdas -= 2 * lambda;
    }
  }
  if (sumLambdas > 0) {
    const norm = Math.log2(1 + sumLambdas) / sumLambdas;
    for (let i = b; i < e; i++) { g[i]! *= norm; h[i]! *= norm; }
  }
}
