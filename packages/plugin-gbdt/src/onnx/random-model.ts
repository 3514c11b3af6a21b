/**
 * Random models and data for the export tests: trees whose splits, default directions, categorical
 * sets and leaf values are drawn at random (not trained), over columns with missing values, so
 * the exported graph is checked on every kind of node rather than on what a trainer happens to make.
 */
import { Rng } from "@shortlist/core-gpu/random";
import type { GbdtModel, GbdtObjective, GbdtTree } from "../model.ts";

/** Columns `f0..f{F-1}`: even ones numeric (normal), odd ones categorical (0..9); ~10 % NaN. */
export function randomColumns(rng: Rng, features: number, rows: number): Float32Array[] {
  return Array.from({ length: features }, (_, f) =>
    Float32Array.from({ length: rows }, () => (rng.float() < 0.1 ? NaN : f % 2 === 0 ? rng.normal() * 3 : rng.int(10))),
  );
}

/** One tree of at most `depth` levels over `features` columns; `categorical` allows set splits on odd features. */
export function randomTree(rng: Rng, features: number, depth: number, categorical: boolean): GbdtTree {
  const splitFeature: number[] = [], threshold: number[] = [], defaultLeft: number[] = [], catValues: number[] = [], left: number[] = [], right: number[] = [];
  const catOffsets = [0];
  const leafValue: number[] = [];
  const grow = (level: number): number => {
    if (level >= depth || (level > 0 && rng.float() < 0.25)) {
      leafValue.push(rng.normal() * 0.5);
      return ~(leafValue.length - 1);
    }
    const node = splitFeature.length;
    const f = rng.int(features);
    splitFeature.push(f);
    defaultLeft.push(rng.int(2));
    if (categorical && f % 2 === 1 && rng.float() < 0.7) {
      threshold.push(NaN);
      const set = [...new Set(Array.from({ length: 1 + rng.int(4) }, () => rng.int(10)))];
      catValues.push(...set);
    } else threshold.push(f % 2 === 1 ? rng.int(10) + 0.5 : Math.fround(rng.normal() * 3));
    catOffsets.push(catValues.length);
    left.push(0);
    right.push(0);
    left[node] = grow(level + 1);
    right[node] = grow(level + 1);
    return node;
  };
  grow(0);
  const nodes = splitFeature.length;
  return {
    splitFeature: Int32Array.from(splitFeature), threshold: Float32Array.from(threshold), defaultLeft: Uint8Array.from(defaultLeft),
    catOffsets: Int32Array.from(catOffsets), catValues: Float32Array.from(catValues), left: Int32Array.from(left), right: Int32Array.from(right),
    splitGain: new Float32Array(nodes).fill(1), internalCount: new Int32Array(nodes), leafValue: Float64Array.from(leafValue), leafCount: new Int32Array(leafValue.length),
  };
}

/**
 * A model of `trees` random trees (the first may be a single leaf) over `features` columns.
 * @example
 * const model = randomModel(new Rng(1), { objective: "binary", features: 6, trees: 20, depth: 5 });
 */
export function randomModel(rng: Rng, o: { objective: GbdtObjective; features: number; trees: number; depth: number; categorical?: boolean }): GbdtModel {
  const trees = Array.from({ length: o.trees }, (_, t) => randomTree(rng, o.features, t === 0 ? 0 : o.depth, o.categorical ?? true));
  const featureNames = Array.from({ length: o.features }, (_, f) => `f${f}`);
  const categoricalFeatures = o.categorical ?? true ? featureNames.flatMap((_, f) => (f % 2 === 1 ? [f] : [])) : [];
  const split = featureNames.map((_, f) => trees.reduce((s, tr) => s + tr.splitFeature.filter((x) => x === f).length, 0));
  return {
    format: "shortlist-gbdt/1", objective: o.objective, baseScore: rng.normal() * 0.5, featureNames, categoricalFeatures, trees,
    bestIteration: o.trees, metric: o.objective === "binary" ? "auc" : "l2", bestScore: null,
    importance: { gain: split.slice(), split }, rounds: [],
  };
}
