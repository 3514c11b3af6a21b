import { describe, expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import type { GbdtData } from "../model.ts";
import { predictProba, predictRaw } from "../predict.ts";
import { auc, ndcgAt } from "./metrics.ts";
import { trainGbdt } from "./train.ts";

/** XOR of the signs of x0 and x1 (plus noise features and 5% missing x0): no single split helps. */
function xor(n: number, seed: number, extra: Float32Array[] = []): GbdtData {
  const r = new Rng(seed);
  const cols = Array.from({ length: 4 }, () => new Float32Array(n));
  const label = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of cols) c[i] = r.float() * 2 - 1;
    const s = (cols[0]![i]! > 0) !== (cols[1]![i]! > 0) ? 2 : -2;
    if (r.float() < 0.05) cols[0]![i] = NaN;
    label[i] = r.float() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
  }
  const features = [...cols, ...extra];
  return { features, featureNames: features.map((_, f) => `f${f}`), label };
}

describe("trainGbdt", () => {
  test("fits an XOR signal (binary): test AUC near the Bayes rate, splits on x0 and x1 most", () => {
    const train = xor(4000, 1), test_ = xor(4000, 2);
    const model = trainGbdt(train, undefined, { numRounds: 30, numLeaves: 8, minDataInLeaf: 20 });
    const p = predictProba(model, test_.features);
    expect(auc(p, test_.label)).toBeGreaterThan(0.8);
    const byGain = model.importance.gain.map((g, f) => [g, f] as const).sort((a, b) => b[0] - a[0]);
    expect(new Set([byGain[0]![1], byGain[1]![1]])).toEqual(new Set([0, 1]));
    for (const v of p) expect(v > 0 && v < 1).toBe(true);
  });

  test("the predictor over raw values agrees with the scores the trainer tracked", () => {
    const train = xor(2000, 3), valid = xor(1000, 4);
    const model = trainGbdt(train, valid, { numRounds: 10, numLeaves: 6 });
    const raw = predictRaw(model, valid.features);
    expect(auc(raw, valid.label)).toBeCloseTo(model.bestScore!, 12);
  });

  test("constant and all-missing columns are never split on", () => {
    const n = 3000;
    const train = xor(n, 5, [new Float32Array(n).fill(7), new Float32Array(n).fill(NaN)]);
    const model = trainGbdt(train, undefined, { numRounds: 10, numLeaves: 16, minDataInLeaf: 1 });
    expect(model.importance.split[4]).toBe(0);
    expect(model.importance.split[5]).toBe(0);
    expect(model.importance.split[0]! + model.importance.split[1]!).toBeGreaterThan(0);
  });

  test("seeded: the same seed gives the same model, another seed another one (bagging, feature fraction)", () => {
    const train = xor(2000, 6);
    const o = { numRounds: 8, numLeaves: 8, baggingFraction: 0.7, baggingFreq: 1, featureFraction: 0.5 };
    const a = trainGbdt(train, undefined, { ...o, seed: 1 });
    const b = trainGbdt(train, undefined, { ...o, seed: 1 });
    const c = trainGbdt(train, undefined, { ...o, seed: 2 });
    expect(predictRaw(a, train.features)).toEqual(predictRaw(b, train.features));
    expect(predictRaw(a, train.features)).not.toEqual(predictRaw(c, train.features));
  });

  test("early stopping keeps the trees up to the best validation round", () => {
    // Tiny training set, many leaves: validation log loss rises after a few rounds.
    const train = xor(300, 7), valid = xor(2000, 8);
    const model = trainGbdt(train, valid, { numRounds: 200, numLeaves: 31, minDataInLeaf: 2, learningRate: 0.5, metric: "logloss", earlyStoppingRounds: 5 });
    const best = Math.min(...model.rounds.map((r) => r.valid!));
    expect(model.rounds.length).toBeLessThan(200);
    expect(model.rounds.length).toBe(model.bestIteration + 5);
    expect(model.trees.length).toBe(model.bestIteration);
    expect(model.bestScore).toBe(best);
    expect(model.rounds[model.bestIteration - 1]!.valid).toBe(best);
  });

  test("regression (L2) fits a step function", () => {
    const n = 2000;
    const x = Float32Array.from({ length: n }, (_, i) => i / n);
    const y = Float32Array.from(x, (v) => (v < 0.3 ? 1 : v < 0.7 ? 5 : 2));
    const model = trainGbdt({ features: [x], featureNames: ["x"], label: y }, undefined, { objective: "regression", numRounds: 50, learningRate: 0.3, numLeaves: 4 });
    const p = predictRaw(model, [Float32Array.of(0.1, 0.5, 0.9)]);
    expect(p[0]).toBeCloseTo(1, 1);
    expect(p[1]).toBeCloseTo(5, 1);
    expect(p[2]).toBeCloseTo(2, 1);
  });

  test("sorted categorical split on a *_code column learns a category set", () => {
    const n = 4000;
    const r = new Rng(9);
    const code = Float32Array.from({ length: n }, () => r.int(20));
    const label = Float32Array.from(code, (c) => ((c * 7) % 5 === 1 ? (r.float() < 0.9 ? 1 : 0) : r.float() < 0.1 ? 1 : 0));
    const data = { features: [code], featureNames: ["item_code"], label };
    const model = trainGbdt(data, undefined, { numRounds: 5, numLeaves: 2, categorical: "sorted", minDataInLeaf: 5 });
    expect(model.categoricalFeatures).toEqual([0]);
    const t = model.trees[0]!;
    const left = [...t.catValues.subarray(t.catOffsets[0], t.catOffsets[1])].sort((a, b) => a - b);
    const good = [...Array(20).keys()].filter((c) => (c * 7) % 5 === 1);
    expect(left).toEqual(good);
    // 0.8326 is the Bayes AUC of this data (p = 0.9 in the good set, 0.1 outside).
    expect(auc(predictRaw(model, [code]), label)).toBeGreaterThan(0.82);
  });
});

describe("lambdarank", () => {
  test("improves NDCG@5 on synthetic groups over the untrained order", () => {
    const r = new Rng(11);
    const groups = 200, per = 20, n = groups * per;
    const x0 = new Float32Array(n), x1 = new Float32Array(n), label = new Float32Array(n), group = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      x0[i] = r.float(); x1[i] = r.float(); group[i] = Math.floor(i / per);
      const rel = 3 * x0[i]! * x0[i]! + (x1[i]! > 0.8 ? 1 : 0) + 0.3 * r.normal();
      label[i] = rel > 2.5 ? 3 : rel > 1.5 ? 2 : rel > 0.8 ? 1 : 0;
    }
    const split = n / 2; // first half of the groups trains, the second validates
    const part = (a: number, b: number): GbdtData => ({ features: [x0.slice(a, b), x1.slice(a, b)], featureNames: ["x0", "x1"], label: label.slice(a, b), group: group.slice(a, b) });
    const train = part(0, split), valid = part(split, n);
    const model = trainGbdt(train, valid, { objective: "lambdarank", numRounds: 30, numLeaves: 8, minDataInLeaf: 5, metric: "ndcg@5" });
    const before = ndcgAt(5, new Float64Array(valid.label.length), valid.label, valid.group!);
    const after = ndcgAt(5, predictRaw(model, valid.features), valid.label, valid.group!);
    expect(after).toBeGreaterThan(before + 0.2);
    expect(after).toBeGreaterThan(0.85);
    expect(model.metric).toBe("ndcg@5");
  });
});

describe("bad input", () => {
  test("labels other than 0/1 for binary, and non-contiguous groups, are refused with the fix", () => {
    const d: GbdtData = { features: [Float32Array.of(1, 2)], featureNames: ["a"], label: Float32Array.of(0, 2) };
    expect(() => trainGbdt(d, undefined)).toThrow(/expects 0 or 1/);
    const g: GbdtData = { features: [Float32Array.of(1, 2, 3)], featureNames: ["a"], label: Float32Array.of(0, 1, 0), group: Int32Array.of(1, 2, 1) };
    expect(() => trainGbdt(g, undefined, { objective: "lambdarank" })).toThrow(/not contiguous/);
  });
});
