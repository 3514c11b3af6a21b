import { expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { Rng } from "@shortlist/core-gpu/random";
import type { GbdtOptions } from "../model.ts";
import { trainGbdt } from "./train.ts";

// The speed-ups (interleaved histogram kernel, branch-free partition, sequential score update, no
// histograms for leaves that cannot split, unrolled threshold scan) must not change a single bit of
// the model. These hashes were printed by the trainer as committed before them (f578c26) on the
// same data and options; they cover bagging (out-of-bag rows), feature fraction, maxDepth and
// minDataInLeaf (children that cannot split), sorted categoricals, L1, u16 bins and regression.
const cases: [string, number, number, Partial<GbdtOptions>, string][] = [
  ["plain", 3000, 9, { numRounds: 8, numLeaves: 15 }, "c1b6e3e0fa287807"],
  ["bagging+features+depth", 3000, 9, { numRounds: 8, numLeaves: 31, baggingFreq: 1, baggingFraction: 0.7, featureFraction: 0.6, maxDepth: 4, minDataInLeaf: 40 }, "5e7937660511859b"],
  ["sorted categorical, l1, u16 bins", 2000, 6, { numRounds: 5, numLeaves: 7, categorical: "sorted", lambdaL1: 0.5, lambdaL2: 1, maxBin: 400 }, "14a826f782eeb020"],
  ["regression", 2000, 5, { objective: "regression", numRounds: 5, numLeaves: 10 }, "22d69c9821251a75"],
];

function data(seed: number, n: number, F: number) {
  const r = new Rng(seed);
  const cols = Array.from({ length: F }, (_, f) => Float32Array.from({ length: n }, () => (r.float() < 0.05 ? NaN : f % 3 === 0 ? r.int(5) : r.normal())));
  const label = Float32Array.from({ length: n }, (_, i) => ((cols[1]![i]! || 0) + (cols[2]![i]! || 0) * (cols[0]![i]! || 0) + r.normal() > 0.5 ? 1 : 0));
  return { features: cols, featureNames: cols.map((_, f) => (f === 3 ? `c${f}_code` : `x${f}`)), label };
}

for (const threads of [1, 2]) {
  test(`models are bit-identical to the trainer before the speed-ups (threads ${threads})`, () => {
    if (threads > 1) process.env.SHORTLIST_GBDT_WORKERS = "1"; // workers even on this small data
    try {
      for (const [name, n, F, o, hash] of cases) {
        const d = data(n + F, n, F);
        if (o.objective === "regression") d.label.forEach((_, i) => { d.label[i] = (d.features[1]![i]! || 0) * 2; });
        const { rounds: _, ...model } = trainGbdt(d, undefined, { threads, seed: 3, ...o });
        expect(`${name} ${createHash("sha256").update(JSON.stringify(model)).digest("hex").slice(0, 16)}`).toBe(`${name} ${hash}`);
      }
    } finally {
      delete process.env.SHORTLIST_GBDT_WORKERS;
    }
  });
}
