/**
 * `bun run bench widedeep`: rank.widedeep's model against the same Wide & Deep in PyTorch on the
 * CPU (bench/peers/widedeep_torch.py), on identical inputs: our preprocessing (hashed wide buckets,
 * deep table rows, standardised dense values) is computed once and written for the peer, so both
 * sides train on the same arrays, with the same architecture, batch, epochs, early stopping and
 * threads (BENCH_THREADS, default 2). Optimisers: ours FTRL (wide) + lazy Adam (tables) + Adam
 * (MLP); PyTorch has no FTRL, so its wide part uses Adagrad (lr = FTRL's alpha), SparseAdam for the
 * table and Adam for the MLP. Figures: test AUC (best validation epoch restored) and training
 * throughput (rows / training seconds per epoch, the median over epochs; validation excluded).
 * One full training per side per dataset (BENCH_RUNS more, alternating); ours runs first, so the
 * epoch figures of the two sides see different load. The throughput ratio is therefore measured
 * apart: BENCH_REPEATS (default 5) alternating repeats per side, each a fresh model training
 * 3 untimed then up to 30 timed mini-batches of a shuffled epoch; the median of each side.
 * BENCH_QUICK=1 shrinks Ali-CCP and the MLP (smoke run); ALICCP_ROWS sets Ali-CCP's rows.
 * Beside them, the GBDT on the same split: the rank.gbdt stage itself on the same samples table
 * (fit on split 0, early stopping on split 1, test AUC on split 2), with the options of
 * examples/movielens-gbdt.yaml, on the Wide & Deep model's sparse and dense columns.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCpuEngine } from "../packages/core-gpu/src/index.ts";
import * as nn from "../packages/core-gpu/src/nn/index.ts";
import { auc } from "../packages/runner/src/metrics/index.ts";
import { encodeRows, trainWideDeep, fitPreprocessing, predict, resolveColumns, WideDeep, widedeepOptions, type Encoded } from "../packages/plugin-widedeep/src/index.ts";
import { permute, shuffle } from "../packages/plugin-widedeep/src/fit.ts";
import { trainBatch } from "../packages/plugin-widedeep/src/step.ts";
import type { Preprocessing } from "../packages/plugin-widedeep/src/preprocess.ts";
import { median, quick } from "./lib/measure.ts";
import { peerEnv } from "./lib/peers.ts";
import { formatTable } from "./lib/table.ts";
import { aliccp, criteo, ml100k, type BenchData } from "./lib/widedeep-data.ts";
import gbdtPlugin from "../packages/plugin-gbdt/src/index.ts";
import { runStage } from "../packages/runner/src/testing.ts";
import type { Table } from "../packages/runner/src/index.ts";

const threads = Number(process.env.BENCH_THREADS ?? 2);
const python = process.env.TORCH_PYTHON ?? "/usr/bin/python3";

interface Side { testAuc: number; samplesPerSecond: number; bestEpoch: number; epochs: number }

/** The model options per dataset (both sides). */
function optionsFor(d: BenchData, big: boolean) {
  return widedeepOptions.parse({
    columns: { ...d.columns, sequenceShares: "item_code" },
    hiddenUnits: quick ? [64, 32] : big ? [256, 128] : [1024, 512, 256, 128],
    batchSize: d.samples.length < 20_000 ? 256 : 1024,
    epochs: big ? 3 : 10,
    patience: big ? 1 : 2,
  });
}

function writeSplit(dir: string, name: string, x: Encoded): { n: number } {
  writeFileSync(join(dir, `${name}.wide`), x.wide);
  writeFileSync(join(dir, `${name}.deep`), x.deep);
  writeFileSync(join(dir, `${name}.seq`), x.seq);
  writeFileSync(join(dir, `${name}.dense`), x.dense);
  writeFileSync(join(dir, `${name}.label`), x.label);
  return { n: x.n };
}

/** Our step rate: a fresh model, `warmup` untimed then `steps` timed mini-batches of a shuffled epoch. */
async function oursThroughput(pre: Preprocessing, o: ReturnType<typeof optionsFor>, train: Encoded, warmup: number, steps: number, seed: number): Promise<number> {
  const model = new WideDeep(createCpuEngine({ threads }), pre, { ...o, seed });
  const opt = { wide: new nn.Ftrl(o.ftrl), deep: new nn.Adam({ lr: o.lr }) };
  const x = permute(train, shuffle(train.n, seed, 1));
  const B = o.batchSize;
  for (let b = 0; b < warmup; b++) await trainBatch(model, opt, x, b * B, Math.min(x.n, b * B + B), b + 1, b);
  const t0 = performance.now();
  let rows = 0;
  for (let b = warmup; b < warmup + steps; b++) {
    const [s, e] = [b * B, Math.min(x.n, b * B + B)];
    await trainBatch(model, opt, x, s, e, b + 1, b);
    rows += e - s;
  }
  return rows / ((performance.now() - t0) / 1000);
}

async function benchOne(d: BenchData, big: boolean): Promise<{ ours: Side[]; peer: Side[]; rows: Record<string, number>; o: ReturnType<typeof optionsFor>; rates: { ours: number[]; peer: number[] } }> {
  const o = optionsFor(d, big);
  const split = d.samples.columns.split as Uint8Array;
  const rowsOf = (s: number) => Int32Array.from(split.keys()).filter((r) => split[r] === s);
  const [fitRows, validRows, testRows] = [rowsOf(0), rowsOf(1), rowsOf(2)];
  const cols = resolveColumns(o.columns, d.samples, d.name, "rank.widedeep");
  const pre = fitPreprocessing(d.samples, fitRows, cols, o);
  const [train, valid, test] = [fitRows, validRows, testRows].map((r) => encodeRows(d.samples, r, pre)) as [Encoded, Encoded, Encoded];
  const dir = mkdtempSync(join(tmpdir(), "bench-widedeep-"));
  const seed = 42;
  const peerArgs = {
    dir, threads, seed, splits: { train: writeSplit(dir, "train", train), valid: writeSplit(dir, "valid", valid), test: writeSplit(dir, "test", test) },
    W: o.useWide ? cols.wide.length : 0, F: cols.sparse.length, L: cols.sequence.length, D: cols.dense.length, E: o.embeddingSize,
    wideBuckets: pre.wideBuckets, deepRows: pre.deepRows, hidden: o.hiddenUnits, dropout: o.dropout, useWide: o.useWide,
    lr: o.lr, ftrlAlpha: o.ftrl.alpha, batch: o.batchSize, epochs: o.epochs, patience: o.patience,
  };
  const ours: Side[] = [];
  const peer: Side[] = [];
  const rates = { ours: [] as number[], peer: [] as number[] };
  try {
    for (let r = 0; r < Number(process.env.BENCH_RUNS ?? 1); r++) {
      const engine = createCpuEngine({ threads });
      const model = new WideDeep(engine, pre, { ...o, seed });
      const opt = { wide: new nn.Ftrl(o.ftrl), deep: new nn.Adam({ lr: o.lr }) };
      const work = mkdtempSync(join(tmpdir(), "bench-widedeep-fit-"));
      const ctx = { workDir: () => work, log: (m: string) => console.log(`  ours ${m}`), progress: () => {}, signal: new AbortController().signal, metrics: { record: () => {} } };
      const log = await trainWideDeep(ctx, model, opt, train, valid, { ...o, seed, algo: "widedeep" });
      rmSync(work, { recursive: true, force: true });
      ours.push({ testAuc: auc(test.label, await predict(model, test)), samplesPerSecond: median(log.epochs.map((e) => e.samplesPerSecond)), bestEpoch: log.bestEpoch, epochs: log.epochs.length });
      const p = Bun.spawn([python, join(import.meta.dir, "peers", "widedeep_torch.py"), JSON.stringify({ ...peerArgs, seed: seed + r })], { stdout: "pipe", stderr: "pipe", env: peerEnv() });
      const [out, err, code] = [await new Response(p.stdout).text(), await new Response(p.stderr).text(), await p.exited];
      if (code !== 0) throw new Error(`widedeep_torch.py failed: ${err.trim().split("\n").slice(-3).join(" / ")}`);
      const res = JSON.parse(out.trim().split("\n").pop()!) as Side & { epochs: unknown[] };
      console.log(`  torch: test auc ${res.testAuc.toFixed(4)}, ${Math.round(res.samplesPerSecond)} samples/s, best epoch ${res.bestEpoch} of ${res.epochs.length}`);
      peer.push({ testAuc: res.testAuc, samplesPerSecond: res.samplesPerSecond, bestEpoch: res.bestEpoch, epochs: res.epochs.length });
    }
    const warmup = 3;
    const steps = Math.min(30, Math.floor(train.n / o.batchSize) - warmup);
    for (let r = 0; r < Number(process.env.BENCH_REPEATS ?? 5); r++) {
      rates.ours.push(await oursThroughput(pre, o, train, warmup, steps, seed + r));
      const p = Bun.spawn([python, join(import.meta.dir, "peers", "widedeep_torch.py"), JSON.stringify({ ...peerArgs, seed: seed + r, mode: "throughput", warmup, steps })], { stdout: "pipe", stderr: "pipe", env: peerEnv() });
      const [out, err, code] = [await new Response(p.stdout).text(), await new Response(p.stderr).text(), await p.exited];
      if (code !== 0) throw new Error(`widedeep_torch.py (throughput) failed: ${err.trim().split("\n").slice(-3).join(" / ")}`);
      rates.peer.push((JSON.parse(out.trim().split("\n").pop()!) as { samplesPerSecond: number }).samplesPerSecond);
      console.log(`  throughput repeat ${r + 1}: ours ${Math.round(rates.ours.at(-1)!)} rows/s, torch ${Math.round(rates.peer.at(-1)!)} rows/s (${steps} steps of ${o.batchSize})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { ours, peer, rows: { fit: fitRows.length, valid: validRows.length, test: testRows.length }, o, rates };
}

/** rank.gbdt on the same samples and columns (split 0 fit, 1 early stopping, 2 test): its test AUC. */
async function gbdtAuc(d: BenchData): Promise<number> {
  // the Wide & Deep model's sparse and dense columns: rank.gbdt's default (every numeric column but
  // ids and the label) would read Ali-CCP's click and conversion targets beside the label
  const cols = resolveColumns(optionsFor(d, false).columns, d.samples, d.name, "rank.widedeep");
  // examples/movielens-gbdt.yaml's options; Criteo's C* are hashes, not ordered: LightGBM's sorted-category split
  const hashed = d.columns.sparse.includes("C*") ? { categorical: "sorted", categoricalFeatures: Array.from({ length: 26 }, (_, i) => `C${i + 1}`) } : {};
  const options = { numRounds: 500, learningRate: 0.05, numLeaves: 31, earlyStoppingRounds: 30, features: [...cols.sparse, ...cols.dense], ...hashed };
  const r = await runStage(gbdtPlugin, "rank.gbdt", { inputs: { "samples.ranking": d.samples }, options });
  const s = r.outputs["scores.gbdt"] as Table;
  return auc(s.columns.label as Float32Array, s.columns.score as Float32Array);
}

export async function run(): Promise<void> {
  const aliRows = Number(process.env.ALICCP_ROWS ?? (quick ? 20_000 : 1_000_000));
  const loaders: [string, () => Promise<BenchData | string> | BenchData | string, boolean][] = [
    ["ml-100k", ml100k, false],
    ["criteo-sample", criteo, false],
    ["aliccp", () => aliccp(aliRows), aliRows > 200_000],
  ];
  const results: Record<string, unknown>[] = [];
  const rows: Record<string, string>[] = [];
  for (const [key, load, big] of loaders) {
    if (process.env.WIDEDEEP_DATA && !process.env.WIDEDEEP_DATA.split(",").includes(key)) continue;
    const d = await load();
    if (typeof d === "string") {
      console.log(`widedeep: skipping ${key}: ${d}`);
      continue;
    }
    console.log(`widedeep: ${d.name}`);
    const r = await benchOne(d, big);
    const gbdt = await gbdtAuc(d);
    console.log(`  gbdt (rank.gbdt, same split): test auc ${gbdt.toFixed(4)}`);
    const m = (xs: Side[], f: (s: Side) => number) => median(xs.map(f));
    const [oa, pa, os, ps] = [m(r.ours, (s) => s.testAuc), m(r.peer, (s) => s.testAuc), median(r.rates.ours), median(r.rates.peer)];
    const [oe, pe] = [m(r.ours, (s) => s.samplesPerSecond), m(r.peer, (s) => s.samplesPerSecond)];
    rows.push({
      dataset: d.name, "fit/valid/test": `${r.rows.fit}/${r.rows.valid}/${r.rows.test}`, MLP: r.o.hiddenUnits.join("-"),
      "AUC ours": oa.toFixed(4), "AUC torch": pa.toFixed(4), "Δ AUC": (oa - pa).toFixed(4), "AUC gbdt": gbdt.toFixed(4),
      "ours rows/s": Math.round(os).toString(), "torch rows/s": Math.round(ps).toString(), "× torch": (os / ps).toFixed(2),
      "epochs × torch": (oe / pe).toFixed(2),
    });
    results.push({ key, dataset: d.name, rows: r.rows, options: { hiddenUnits: r.o.hiddenUnits, batchSize: r.o.batchSize, epochs: r.o.epochs, patience: r.o.patience, embeddingSize: r.o.embeddingSize, lr: r.o.lr, ftrl: r.o.ftrl, dropout: r.o.dropout }, ours: r.ours, torch: r.peer, throughput: r.rates, aucDelta: oa - pa, gbdtTestAuc: gbdt, throughputRatio: os / ps, epochThroughputRatio: oe / pe });
  }
  console.log(formatTable(rows));
  const file = join(import.meta.dir, "results", quick ? "widedeep.quick.json" : "widedeep.json");
  writeFileSync(file, JSON.stringify({ measured: new Date().toISOString(), threads, note: "machine shared with other jobs", results }, null, 2));
  console.log(`wrote ${file}`);
}

if (import.meta.main) await run();
