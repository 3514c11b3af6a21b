import { expect, test } from "bun:test";
import type { ReportInput } from "./report-input.ts";
import { renderReport } from "./report.ts";
import { epochChart, isTraining, trainingSection, type TrainingArtifact } from "./training-section.ts";

const base: ReportInput = { pipeline: "p", stages: [], recs: [] };
const epochs = [0.9, 0.5, 0.4, 0.38].map((loss, i) => ({ epoch: i + 1, loss, valid: [0.1, 0.25, 0.3, 0.28][i]!, seconds: 2, samplesPerSecond: 40_000 }));
const simplex: TrainingArtifact = { algo: "simplex", metric: "ndcg@10", bestEpoch: 3, epochs };

test("training: a loss chart and a validation chart per artifact, the best epoch marked in both", () => {
  const html = trainingSection({ ...base, training: [{ name: "training.simplex", value: simplex }] });
  expect(html).toContain('data-chart="training-training.simplex"');
  expect(html.match(/<svg /g)?.length).toBe(2);
  expect(html.match(/class="best"/g)?.length).toBe(2);
  expect(html).toContain("best epoch 3: 0.3<");
  expect(html).toContain("best epoch 3 (ndcg@10 0.3) kept");
  expect(html).toContain("4 epochs in 8 s");
  // Both charts are in the whole page, after the accuracy sections.
  expect(renderReport({ ...base, training: [{ name: "training.simplex", value: simplex }] })).toContain("Training loss: training.simplex");
});

test("the best epoch's dot sits at its value: higher values are drawn higher", () => {
  const svg = epochChart("v", [1, 2, 3], [0.1, 0.3, 0.2], 2, 0);
  const cy = Number(/<circle cx="[\d.]+" cy="([\d.]+)"/.exec(svg)![1]);
  const ys = [...svg.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => Number(m[2]));
  expect(ys).toHaveLength(3);
  expect(cy).toBeCloseTo(Math.min(...ys), 1); // SVG y grows downwards: the best (highest) value has the least y
});

test("without validation only the loss is drawn and the last epoch is said to be kept; null gaps break the line", () => {
  const value = { ...simplex, bestEpoch: 0, epochs: epochs.map((e) => ({ ...e, valid: null })) };
  const html = trainingSection({ ...base, training: [{ name: "training.x", value }] });
  expect(html.match(/<svg /g)?.length).toBe(1);
  expect(html).not.toContain('class="best"');
  expect(html).toContain("no validation: the last epoch kept");
  const gap = epochChart("v", [1, 2, 3], [0.1, null, 0.2], 0, 0);
  const d = /class="line" d="([^"]+)"/.exec(gap)![1]!;
  expect(d.match(/M/g)?.length).toBe(2);
  expect(d).not.toContain("L");
});

test("no training artifact, no section; malformed values are not training logs", () => {
  expect(trainingSection(base)).toBe("");
  expect(isTraining(simplex)).toBe(true);
  expect(isTraining({ algo: "x", metric: "auc", epochs: [] })).toBe(false);
  expect(isTraining({ algo: "x", metric: "auc", bestEpoch: 1, epochs: [{ epoch: 1 }] })).toBe(false);
});
