import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BlobArtifact, JsonArtifact, Table } from "@shortlist/runner";
import { auc } from "@shortlist/runner/metrics";
import { runStage } from "@shortlist/runner/testing";
import type { TrainingLog } from "./fit.ts";
import plugin from "./index.ts";
import { plantedSamples, SMALL } from "./testing.ts";

const samples = plantedSamples(6000, 11);
const run = (options: object, workDir?: string) => runStage(plugin, "rank.widedeep", { inputs: { "samples.ranking": samples }, options: { ...SMALL, ...options }, workDir });
let defaultRun: ReturnType<typeof run> | undefined;
/** The run with SMALL's options, made once and shared by the tests that read it. */
const withDefaults = () => (defaultRun ??= run({}));

describe("rank.widedeep (samples mode)", () => {
  test("learns the planted user × genre signal; writes scores for split 2, the training log and an ONNX model", async () => {
    const { outputs, metrics } = await withDefaults();
    const scores = outputs["scores.widedeep"] as Table;
    const split = samples.columns.split as Uint8Array;
    expect(scores.length).toBe(split.filter((s) => s === 2).length);
    const label = scores.columns.label as Float32Array, score = scores.columns.score as Float32Array;
    for (const s of score) expect(s > 0 && s < 1).toBe(true);
    // Chance is 0.5; the planted logit itself scores ≈ 0.92 and a logistic regression on exactly
    // the planted features (one-hot user × genre and item, 30 epochs of SGD) ≈ 0.895.
    const test = Int32Array.from(split.keys()).filter((r) => split[r] === 2);
    const oracle = auc(label, Float32Array.from(test, (r) => (samples.columns.planted_logit as Float32Array)[r]!));
    expect(oracle).toBeGreaterThan(0.9);
    expect(auc(label, score)).toBeGreaterThan(0.83);
    const log = (outputs["training.widedeep"] as JsonArtifact).value as TrainingLog;
    expect(log.metric).toBe("auc");
    expect(log.epochs.length).toBeGreaterThanOrEqual(1);
    expect(log.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(metrics.valid_auc).toBe(log.epochs[log.bestEpoch - 1]!.valid!);
    expect(log.epochs[0]!.samplesPerSecond).toBeGreaterThan(0);
    expect((outputs["model.widedeep"] as BlobArtifact).ext).toBe("onnx");
  });

  test("useWide: false trains the deep part alone: no wide weights, and worse where the signal is a cross", async () => {
    const deepOnly = await run({ useWide: false });
    const withWide = await withDefaults();
    const size = (r: typeof deepOnly) => (r.outputs["model.widedeep"] as BlobArtifact).bytes.length;
    expect(size(withWide) - size(deepOnly)).toBeGreaterThanOrEqual(4 * SMALL.wideBuckets);
    const aucOf = (r: typeof deepOnly) => {
      const s = r.outputs["scores.widedeep"] as Table;
      return auc(s.columns.label as Float32Array, s.columns.score as Float32Array);
    };
    expect(aucOf(withWide)).toBeGreaterThan(aucOf(deepOnly) + 0.05);
  });

  test("a run stopped after its first epoch resumes from the checkpoint and ends as the uninterrupted run", async () => {
    const workDir = mkdtempSync(join(tmpdir(), "widedeep-resume-"));
    const options = { ...SMALL, epochs: 3, patience: 0 };
    // Stopped (ctx.signal aborted, as Ctrl-C or a kill would end it) at its first progress report, after epoch 1.
    const ac = new AbortController();
    const stopped = runStage(plugin, "rank.widedeep", { inputs: { "samples.ranking": samples }, options, workDir, signal: ac.signal, progress: () => ac.abort(new Error("stopped by the test")) });
    await expect(stopped).rejects.toThrow("stopped by the test");
    expect(readdirSync(workDir)).toContain("fit-state.json");
    const resumed = await runStage(plugin, "rank.widedeep", { inputs: { "samples.ranking": samples }, options, workDir });
    expect(resumed.logs.some((l) => l.includes("resuming widedeep after epoch 1"))).toBe(true);
    const whole = await run({ epochs: 3, patience: 0 });
    expect((resumed.outputs["scores.widedeep"] as Table).columns.score).toEqual((whole.outputs["scores.widedeep"] as Table).columns.score);
  });
});
