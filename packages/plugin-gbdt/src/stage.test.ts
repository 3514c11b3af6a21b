import { describe, expect, test } from "bun:test";
import type { BlobArtifact, JsonArtifact, Table } from "@shortlist/runner";
import { auc } from "@shortlist/runner/metrics";
import { runStage, runStageStopped } from "@shortlist/runner/testing";
import * as ort from "onnxruntime-node";
import { loadGbdtDump } from "./dump.ts";
import plugin from "./index.ts";
import { predictProba } from "./predict.ts";
import type { ImportanceArtifact } from "./stage-report.ts";
import { candidatesTable, samplesTable } from "./synthetic-tables.ts";

const FEATURES = ["signal", "partial", "noise", "genre_code", "constant", "empty"];

/** The ONNX model's scores for rows `rows` of `t`: P(1) for binary, the margin otherwise. */
async function onnxScores(model: BlobArtifact, t: Table, rows: number[], binary: boolean): Promise<number[]> {
  const x = new Float32Array(rows.length * FEATURES.length);
  rows.forEach((r, i) => FEATURES.forEach((f, j) => (x[i * FEATURES.length + j] = (t.columns[f] as ArrayLike<number>)[r]!)));
  const s = await ort.InferenceSession.create(model.bytes);
  const out = await s.run({ features: new ort.Tensor("float32", x, [rows.length, FEATURES.length]) });
  await s.release();
  const v = (binary ? out.probabilities! : out.score!).data as Float32Array;
  return rows.map((_, i) => (binary ? v[2 * i + 1]! : v[i]!));
}

describe("rank.gbdt", () => {
  test("samples mode: fits on split 0, stops on split 1, scores split 2; ONNX and dump reproduce the scores", async () => {
    const samples = samplesTable(7, 3000);
    const { outputs, metrics } = await runStage(plugin, "rank.gbdt", { inputs: { "samples.ranking": samples }, options: { numRounds: 60, numLeaves: 8, minDataInLeaf: 10 } });
    const split = samples.columns.split as Uint8Array;
    const testRows = [...split.keys()].filter((r) => split[r] === 2);
    const scores = outputs["scores.gbdt"] as Table;
    expect(scores.length).toBe(testRows.length);
    expect(Array.from(scores.columns.user as Int32Array)).toEqual(testRows.map((r) => (samples.columns.user as Int32Array)[r]!));
    expect(Array.from(scores.columns.label as Float32Array)).toEqual(testRows.map((r) => (samples.columns.label as Float32Array)[r]!));
    const score = scores.columns.score as Float32Array;
    // the label is a noisy function of signal and partial: a working model ranks far above chance on unseen rows
    expect(auc(scores.columns.label as Float32Array, score)).toBeGreaterThan(0.8);
    const got = await onnxScores(outputs["model.gbdt"] as BlobArtifact, samples, testRows, true);
    got.forEach((p, i) => expect(Math.abs(p - score[i]!)).toBeLessThan(1e-5));
    const model = loadGbdtDump((outputs["model.gbdt.dump"] as JsonArtifact).value);
    const cols = model.featureNames.map((f) => Float32Array.from(testRows, (r) => (samples.columns[f] as ArrayLike<number>)[r]!));
    expect(model.featureNames).toEqual(FEATURES);
    expect(Array.from(Float32Array.from(predictProba(model, cols)))).toEqual(Array.from(score));
    expect(metrics.best_iteration).toBe(model.trees.length);
    expect(metrics["valid.auc"]).toBeGreaterThan(0.8);
    expect(metrics["importance.gain.signal"]).toBeGreaterThan(0);
    // constant and all-missing columns are allowed and never split on
    const imp = (outputs["importance.gbdt"] as JsonArtifact).value as ImportanceArtifact;
    expect(imp.feature).toEqual(FEATURES);
    expect(imp.split[4]).toBe(0);
    expect(imp.split[5]).toBe(0);
    expect(imp.gain[0]).toBe(Math.max(...imp.gain));
    const training = (outputs["training.gbdt"] as JsonArtifact).value as { metric: string; bestEpoch: number; epochs: { epoch: number; valid: number | null }[] };
    expect(training.metric).toBe("auc");
    expect(training.bestEpoch).toBe(model.bestIteration);
    expect(training.epochs.length).toBeGreaterThanOrEqual(model.bestIteration);
  });

  test("categorical: sorted: set splits on genre_code, exported as BRANCH_EQ chains that onnxruntime scores alike", async () => {
    const samples = samplesTable(13, 2000);
    const { outputs } = await runStage(plugin, "rank.gbdt", { inputs: { "samples.ranking": samples }, options: { numRounds: 30, numLeaves: 8, minDataInLeaf: 10, categorical: "sorted" } });
    const model = loadGbdtDump((outputs["model.gbdt.dump"] as JsonArtifact).value);
    expect(model.categoricalFeatures).toEqual([FEATURES.indexOf("genre_code")]);
    expect(model.trees.some((t) => t.catValues.length > 0)).toBe(true);
    const split = samples.columns.split as Uint8Array;
    const testRows = [...split.keys()].filter((r) => split[r] === 2);
    const score = (outputs["scores.gbdt"] as Table).columns.score as Float32Array;
    const got = await onnxScores(outputs["model.gbdt"] as BlobArtifact, samples, testRows, true);
    got.forEach((p, i) => expect(Math.abs(p - score[i]!)).toBeLessThan(1e-5));
  });

  test("funnel mode: learns from candidates.train, ranks candidates.test into recs cut to k", async () => {
    const cands = candidatesTable(8, 120, 20);
    const toRank = candidatesTable(9, 40, 20);
    const { outputs, metrics } = await runStage(plugin, "rank.gbdt", {
      inputs: { "candidates.train": cands, "candidates.test": toRank },
      options: { candidates: "candidates.train", k: 5, numRounds: 40, numLeaves: 8, minDataInLeaf: 10, features: FEATURES },
    });
    const recs = outputs["recs.gbdt"] as Table;
    expect(Object.keys(recs.columns)).toEqual(["user", "rank", "item", "score"]);
    expect(recs.length).toBe(40 * 5);
    const user = recs.columns.user as Int32Array, rank = recs.columns.rank as Int32Array, score = recs.columns.score as Float32Array;
    for (let i = 1; i < recs.length; i++) {
      expect(user[i]! > user[i - 1]! || (user[i] === user[i - 1] && rank[i] === rank[i - 1]! + 1 && score[i]! <= score[i - 1]!)).toBe(true);
    }
    // each user's kept items are their best-scored candidates by the ONNX model too
    const rows = [...Array(20).keys()]; // user 100's candidates
    const all = await onnxScores(outputs["model.gbdt"] as BlobArtifact, toRank, rows, true);
    const item = toRank.columns.item as Int32Array;
    const top = rows.sort((a, b) => all[b]! - all[a]! || item[a]! - item[b]!).slice(0, 5).map((r) => item[r]!); // ties: smaller item first, as rankedRecs
    expect(Array.from((recs.columns.item as Int32Array).slice(0, 5))).toEqual(top);
    expect(metrics["valid.auc"]).toBeGreaterThan(0.75);
  });

  test("funnel mode with lambdarank: ranks by raw margin within each user's list", async () => {
    const { outputs, metrics } = await runStage(plugin, "rank.gbdt", {
      inputs: { "candidates.train": candidatesTable(10, 120, 20), "candidates.test": candidatesTable(11, 30, 20) },
      options: { candidates: "candidates.train", objective: "lambdarank", k: 3, numRounds: 30, numLeaves: 8, minDataInLeaf: 10 },
    });
    expect((outputs["recs.gbdt"] as Table).length).toBe(30 * 3);
    expect(metrics["valid.ndcg10"]).toBeGreaterThan(0.5);
    const dump = loadGbdtDump((outputs["model.gbdt.dump"] as JsonArtifact).value);
    expect(dump.objective).toBe("lambdarank");
    expect(dump.featureNames).not.toContain("group");
  });
});

test("rank.gbdt stops between boosting rounds when the run is stopped (ctx.signal)", async () => {
  const { error, reports } = await runStageStopped(plugin, "rank.gbdt", { inputs: { "samples.ranking": samplesTable(12, 1000) }, options: { numRounds: 50 } });
  expect(error?.message).toBe("stopped by the test");
  expect(reports).toBeGreaterThan(0);
});
