/**
 * Our side of `bun run bench gbdt`, one process per measurement (so its peak RSS is its own):
 * loads a case written by gbdt-data.ts, trains with the given options (timed), predicts the test
 * split (timed) and prints one JSON line: { trainMs, predictMs, auc, trees, maxRssMiB }.
 *   bun bench/lib/gbdt-ours.ts '{"dir": "...", "options": {...}, "predictRows": 1000000}'
 */
import { trainGbdt } from "../../packages/plugin-gbdt/src/train/train.ts";
import { predictRaw } from "../../packages/plugin-gbdt/src/predict.ts";
import { auc } from "../../packages/plugin-gbdt/src/train/metrics.ts";
import type { GbdtOptions } from "../../packages/plugin-gbdt/src/model.ts";
import { readFileSync } from "node:fs";
import { loadCase } from "./gbdt-data.ts";

const args = JSON.parse(process.argv[2]!) as { dir: string; options: Partial<GbdtOptions>; predictRows?: number };
const { meta, train, test } = loadCase(args.dir);
const t0 = performance.now();
const model = trainGbdt({ features: train.x, featureNames: meta.features, label: train.y }, undefined, args.options);
const trainMs = performance.now() - t0;
// Scoring speed on predictRows rows: the test split, repeated to that size when smaller.
const rows = args.predictRows ?? test.y.length;
const cols = test.x.map((c) => { const out = new Float32Array(rows); for (let i = 0; i < rows; i += c.length) out.set(c.subarray(0, Math.min(c.length, rows - i)), i); return out; });
const t1 = performance.now();
predictRaw(model, cols);
const predictMs = performance.now() - t1;
const score = predictRaw(model, test.x);
console.log(JSON.stringify({ trainMs, predictMs, auc: auc(score, test.y), trees: model.trees.length, maxRssMiB: peakRssMiB() }));

/**
 * This process's peak RSS from /proc/self/status VmHWM: getrusage's ru_maxrss is kept across
 * execve, so a child of a large bench process would report the parent's peak.
 */
function peakRssMiB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}
