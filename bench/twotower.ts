/**
 * SimpleX epoch time (`bun run bench twotower`): recall.simplex's trainer on our CPU engine
 * against the same model in PyTorch on the CPU (bench/peers/simplex_torch.py), 2 threads each, on
 * the ML-1M shape: data.synthetic.movielens preset "ml-1m" (seed 42: 6,040 users × 3,706 items ×
 * 1,000,000 ratings), every rating a training positive.
 *
 * Both sides get the same dense training rows and the same histories (each user's 50 most recent
 * distinct items, built by recall.simplex's own readers, bench/lib/simplex-inputs.ts) and the
 * stage's default options except 100 uniform negatives per positive (redrawn when the user has
 * the item), as the issue's epoch case asks: dim 64, history 50, and the stage's current batch
 * size, gamma, margin, negative weight, dropout, lr and L2 (the JSON records them). An epoch = every rating once, in a fresh shuffle, negatives drawn inside the
 * timed loop on both sides. Sides alternate epoch by epoch (BENCH_RUNS_EPOCH epochs each, default
 * 3, as an epoch takes a minute or more; no untimed warm-up: an epoch is ~2,000 steps, so JIT and
 * thread-pool start-up are a small part of the first), figure = median epoch seconds.
 * BENCH_EPOCH_FRACTION=f passes over a seeded sample of f of the ratings instead (same ids,
 * histories and seen items, so each step costs the same) and scales the time by 1 / f: the
 * table and JSON say so.
 *
 * Differences kept on purpose (each side as its users run it): ours updates only the embedding
 * rows a batch touched (lazy Adam); the peer is RecBole's: dense Adam over whole tables. Both add
 * RecBole's L2 term (EmbLoss on the batch's embeddings) to the loss.
 *
 *   bun run bench twotower            # also runs twotower-topk and twotower-accuracy
 *   bun bench/twotower.ts             # this one alone
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Table } from "@shortlist/runner";
import { median, quick } from "./lib/measure.ts";
import { Peer } from "./lib/peers.ts";
import { sampleRows, simplexInputs, writePeerInputs, type SimplexInputs } from "./lib/simplex-inputs.ts";
import { formatTable } from "./lib/table.ts";
import { findTorchPython } from "./train.ts";
import { createCpuEngine } from "../packages/core-gpu/src/index.ts";
import { simplexOptions } from "../packages/plugin-twotower/src/simplex/options.ts";
import { SimplexModel } from "../packages/plugin-twotower/src/simplex/model.ts";
import { SimplexTrainer } from "../packages/plugin-twotower/src/simplex/trainer.ts";

const THREADS = 2;
const SEED = 1;
const RUNS = quick ? 2 : Number(process.env.BENCH_RUNS_EPOCH ?? 3);
/** Share of the ratings an "epoch" passes over (BENCH_EPOCH_FRACTION; 1 = the whole epoch). */
const FRACTION = Number(process.env.BENCH_EPOCH_FRACTION ?? 1);
/** The stage's defaults (what a user of recall.simplex trains with), for accuracy. */
export const OPTIONS = simplexOptions.parse({});
/** The epoch case of the issue: 100 sampled negatives (the stage's default may rank all items). */
export const EPOCH_OPTIONS = simplexOptions.parse({ negatives: 100 });

/** The ML-1M-shaped interactions (all rows train). */
async function interactions(): Promise<Table> {
  const { default: data } = await import("@shortlist/plugin-data");
  const { runStage } = await import("@shortlist/runner/testing");
  const r = await runStage(data, "data.synthetic.movielens", { options: { preset: quick ? "tiny" : "ml-1m" }, seed: 42 });
  const t = r.outputs.interactions;
  if (!t || t.kind !== "table") throw new Error("data.synthetic.movielens wrote no interactions table");
  return t;
}

/** Our trainer on the CPU engine; `epoch()` runs one whole epoch and returns its ms. */
function ours(inputs: SimplexInputs): { epoch: () => Promise<number>; lastLoss: () => number; dispose: () => Promise<void> } {
  const engine = createCpuEngine({ threads: THREADS });
  const o = EPOCH_OPTIONS;
  const { ix } = inputs;
  const model = new SimplexModel(engine, inputs.histories, {
    users: ix.users.length, items: ix.items.length, dim: o.dim, gamma: o.gamma, dropout: o.dropout,
    margin: o.margin, negativeWeight: o.negativeWeight, seed: SEED,
  });
  const trainer = new SimplexTrainer(model, {
    user: ix.user, item: ix.item, seen: ix.seen, batchSize: o.batchSize, negatives: o.negatives, lr: o.lr,
    regWeight: o.regWeight, seed: SEED, stage: "bench twotower",
  });
  let e = 0;
  let loss = NaN;
  return {
    async epoch() {
      const t0 = performance.now();
      loss = (await trainer.trainEpoch(++e)).loss;
      return performance.now() - t0;
    },
    lastLoss: () => loss,
    dispose: () => engine.dispose(),
  };
}

/** The peer's set-up arguments: the same options under simplex_torch.py's names. */
export function peerArgs(dir: string, inputs: SimplexInputs, mode: "epoch" | "accuracy"): Record<string, unknown> {
  const o = mode === "epoch" ? EPOCH_OPTIONS : OPTIONS;
  return {
    mode, dir, users: inputs.ix.users.length, items: inputs.ix.items.length, dim: o.dim, negatives: o.negatives,
    batch: o.batchSize, history: o.historyLen, gamma: o.gamma, margin: o.margin, negWeight: o.negativeWeight,
    dropout: o.dropout, reg: o.regWeight, lr: o.lr, threads: THREADS, seed: SEED, steps: 0,
  };
}

const settle = () => new Promise((r) => setTimeout(r, 150));

export async function run(): Promise<void> {
  const python = await findTorchPython();
  const dir = mkdtempSync(join(tmpdir(), "shortlist-bench-simplex-"));
  const all = simplexInputs(await interactions(), EPOCH_OPTIONS.historyLen);
  const inputs = sampleRows(all, FRACTION, 11);
  const rows = all.ix.user.length;
  const side = ours(inputs);
  let peer: Peer | undefined;
  const oursMs: number[] = [];
  const peerRuns: Array<{ ms: number; loss: number; steps: number }> = [];
  try {
    if (python) {
      writePeerInputs(dir, inputs);
      peer = await Peer.start("simplex_torch.py", peerArgs(dir, inputs, "epoch"), python);
    } else console.warn("bench twotower: no python3 with torch (apt-get install python3-torch, or set TORCH_PYTHON); our side only");
    for (let r = 0; r < RUNS; r++) {
      await settle();
      oursMs.push(await side.epoch());
      console.log(`ours epoch ${r + 1}: ${(oursMs.at(-1)! / 1000).toFixed(1)} s, loss ${side.lastLoss().toFixed(4)}`);
      if (!peer) continue;
      await settle();
      const p = (await peer.request("epoch")) as { ms: number; loss: number; steps: number };
      peerRuns.push(p);
      console.log(`torch epoch ${r + 1}: ${(p.ms / 1000).toFixed(1)} s, loss ${p.loss.toFixed(4)}`);
    }
  } finally {
    await peer?.close();
    await side.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  // Seconds of a whole epoch: a sampled pass scaled by rows / rows passed.
  const scale = rows / inputs.ix.user.length;
  const oursS = (median(oursMs) / 1000) * scale;
  const peerS = peerRuns.length ? (median(peerRuns.map((p) => p.ms)) / 1000) * scale : undefined;
  const shape = `${inputs.ix.users.length.toLocaleString("en-US")} users × ${inputs.ix.items.length.toLocaleString("en-US")} items × ${rows.toLocaleString("en-US")} ratings`;
  console.log(formatTable([{
    case: "SimpleX epoch", shape, measured: FRACTION < 1 ? `${inputs.ix.user.length.toLocaleString("en-US")} rows, ×${scale.toFixed(2)}` : "whole epochs", "ours s": oursS.toFixed(1), "torch s": peerS?.toFixed(1) ?? "—",
    "ours/torch": peerS ? `${(oursS / peerS).toFixed(2)}×` : "—", "ours rows/s": Math.round(rows / oursS).toLocaleString("en-US"),
    "torch rows/s": peerS ? Math.round(rows / peerS).toLocaleString("en-US") : "—", target: "≤ 1.0×",
  }]));
  const outDir = quick ? tmpdir() : join(import.meta.dir, "results");
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `twotower${quick ? ".quick" : ""}.json`);
  const machine = { cpus: navigator.hardwareConcurrency, platform: process.platform, bun: Bun.version, loadAverage: (await import("node:os")).loadavg() };
  writeFileSync(file, `${JSON.stringify({
    command: `${quick ? "BENCH_QUICK=1 " : ""}${FRACTION < 1 ? `BENCH_EPOCH_FRACTION=${FRACTION} ` : ""}bun bench/twotower.ts`, date: new Date().toISOString(), machine, threads: THREADS, shape, options: EPOCH_OPTIONS,
    epochFraction: FRACTION, rowsPassed: inputs.ix.user.length, secondsScaledBy: scale,
    ours: { medianSeconds: oursS, runsMs: oursMs, lastLoss: side.lastLoss() }, torch: peerS === undefined ? null : { medianSeconds: peerS, runs: peerRuns },
  }, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

if (import.meta.main) await run();
