/**
 * examples/movielens-gbdt.yaml on real ML-100K: rank.gbdt learns from samples.ranking's training
 * rows, and its ONNX model, run by onnxruntime-node, reproduces the scores it wrote for the test
 * rows within 1e-5. A bad label fails the stage with exit 2 and leaves no model behind.
 */
import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as ort from "onnxruntime-node";
import { readParquet } from "../packages/runner/src/store/parquet.ts";
import { shortlist, tempDir } from "./cli-helpers.ts";

const data = resolve(import.meta.dir, "../../shared/data/ml-100k");
const example = resolve(import.meta.dir, "../examples/movielens-gbdt.yaml");

test("ML-100K: rank.gbdt's ONNX model reproduces its test scores; a non-binary label exits 2 with nothing written", async () => {
  if (!existsSync(join(data, "u.data"))) {
    console.log(`skip: ${data} is absent (the real ML-100K lives in ../shared/data beside the checkout)`);
    return;
  }
  const out = tempDir("shortlist-gbdt-");
  const artifacts = join(out, "artifacts");
  const bad = await shortlist(["run", example, "--out", out, "--set", "stages[rank.gbdt].with.label=user_count"], { ML_DIR: data });
  expect(bad.code).toBe(2);
  expect(bad.stderr + bad.stdout).toContain('label column "user_count" of samples.ranking is');
  expect(existsSync(join(artifacts, "model.gbdt.onnx"))).toBe(false);

  const r = await shortlist(["run", example, "--out", out, "--set", "stages[rank.gbdt].with.numRounds=80"], { ML_DIR: data });
  expect(r.code).toBe(0);
  const samples = await readParquet(join(artifacts, "samples.ranking.parquet"));
  const scores = await readParquet(join(artifacts, "scores.gbdt.parquet"));
  const features = (JSON.parse(readFileSync(join(artifacts, "importance.gbdt.json"), "utf8")) as { feature: string[] }).feature;
  const split = samples.columns.split as Uint8Array;
  const rows = [...split.keys()].filter((i) => split[i] === 2);
  expect(scores.length).toBe(rows.length);
  const x = new Float32Array(rows.length * features.length);
  rows.forEach((row, i) => features.forEach((f, j) => (x[i * features.length + j] = (samples.columns[f] as ArrayLike<number>)[row]!)));
  const session = await ort.InferenceSession.create(readFileSync(join(artifacts, "model.gbdt.onnx")));
  const p = (await session.run({ features: new ort.Tensor("float32", x, [rows.length, features.length]) })).probabilities!.data as Float32Array;
  const score = scores.columns.score as Float32Array;
  let worst = 0;
  for (let i = 0; i < rows.length; i++) worst = Math.max(worst, Math.abs(p[2 * i + 1]! - score[i]!));
  expect(worst).toBeLessThan(1e-5);
  const m = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")).stages;
  console.log(`ML-100K rank.gbdt (80 rounds): test AUC ${m["eval.scores"].auc.toFixed(4)}, GAUC ${m["eval.scores"].gauc.toFixed(4)}, ONNX max |Δ| ${worst.toExponential(1)}`);
  expect(m["eval.scores"].auc).toBeGreaterThan(0.8);
}, 120_000);
