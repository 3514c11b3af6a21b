/**
 * SimpleX accuracy on ML-100K in RecBole's protocol (`bun run bench twotower-accuracy`):
 * recall.simplex against the same model in PyTorch (bench/peers/simplex_torch.py, mode
 * "accuracy"), same options, same splits. Per split seed (42, 1, 2; SEEDS overrides):
 * data.movielens + data.features (`split: ratio`, 80/10/10 of each user's ratings, shuffled),
 * then each side trains on split.train with early stopping on validation NDCG@10 (training items
 * excluded; at most `epochs`, `patience` epochs without gain), keeps its best epoch, and ranks the
 * full catalogue for every user with training and validation items excluded. Both sides' top-10
 * lists are scored by the same code (runner's evaluateTopK against split.test): recall@10 and
 * NDCG@10, averaged over users with a test item, then over the seeds.
 *
 * Options are recall.simplex's defaults, which were chosen on ML-100K's validation split
 * (packages/plugin-twotower); the peer gets the same values (bench/twotower.ts `peerArgs`) and
 * the same histories (bench/lib/simplex-inputs.ts). Target: ours ≥ peer − 0.005 on both metrics.
 *
 *   bun bench/twotower-accuracy.ts      # needs ../shared/data/ml-100k (skips without it)
 *   BENCH_QUICK=1 …                     # 2 epochs, seed 42 only: checks the harness, not accuracy
 *   SEEDS=42 BENCH_EPOCHS=10 …           # a shorter run: fewer seeds, epochs capped on both sides
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import data from "@shortlist/plugin-data";
import twotower from "@shortlist/plugin-twotower";
import type { Artifact, Table } from "@shortlist/runner";
import { evaluateTopK } from "@shortlist/runner/metrics";
import { runStage } from "@shortlist/runner/testing";
import { quick } from "./lib/measure.ts";
import { peerEnv } from "./lib/peers.ts";
import { simplexInputs, writePeerInputs, type SimplexInputs } from "./lib/simplex-inputs.ts";
import { formatTable } from "./lib/table.ts";
import { findTorchPython } from "./train.ts";
import { OPTIONS, peerArgs } from "./twotower.ts";

const ML100K = resolve(import.meta.dir, "../../shared/data/ml-100k");
const SEEDS = (process.env.SEEDS ?? (quick ? "42" : "42,1,2")).split(",").map(Number);
const K = 10;
/** Most epochs a side trains (BENCH_EPOCHS caps it below the stage's default for a shorter run). */
const EPOCHS = quick ? 2 : Number(process.env.BENCH_EPOCHS ?? OPTIONS.epochs);
const METRICS = ["recall@10", "ndcg@10"] as const;

type Scores = Record<(typeof METRICS)[number], number>;

async function splits(seed: number): Promise<Record<string, Artifact>> {
  const ml = await runStage(data, "data.movielens", { options: { path: ML100K } });
  return (await runStage(data, "data.features", { inputs: ml.outputs, options: { split: "ratio", ratios: [0.8, 0.1, 0.1] }, seed })).outputs;
}

function score(recs: { user: Int32Array; item: Int32Array; rank: Int32Array }, test: Table): Scores {
  const v = evaluateTopK(recs, { user: test.columns.user as Int32Array, item: test.columns.item as Int32Array }, { ks: [K], metrics: ["recall", "ndcg"] }).values;
  return { "recall@10": v["recall@10"]!, "ndcg@10": v["ndcg@10"]! };
}

/** One side's result on one split: test scores of its best epoch and its validation NDCG@10 per epoch. */
interface SideResult {
  scores: Scores;
  bestEpoch: number;
  validCurve: Array<number | null>;
}

async function oursOn(split: Record<string, Artifact>, seed: number): Promise<SideResult> {
  const r = await runStage(twotower, "recall.simplex", {
    inputs: { "split.train": split["split.train"]!, "split.valid": split["split.valid"]! },
    options: { exclude: ["split.valid"], k: K, epochs: EPOCHS, engine: "cpu" }, seed,
  });
  const recs = r.outputs["recs.simplex"] as Table;
  const log = (r.outputs["training.simplex"] as { value: { bestEpoch: number; epochs: Array<{ valid: number | null }> } } | undefined)?.value;
  return {
    scores: score({ user: recs.columns.user as Int32Array, item: recs.columns.item as Int32Array, rank: recs.columns.rank as Int32Array }, split["split.test"] as Table),
    bestEpoch: log?.bestEpoch ?? 0,
    validCurve: log?.epochs.map((e) => e.valid) ?? [],
  };
}

/** Valid rows over training's dense ids (rows with a user or item training never saw dropped). */
function denseSplit(t: Table, inputs: SimplexInputs): { user: Int32Array; item: Int32Array } {
  const u = new Map(Array.from(inputs.ix.users, (raw, d) => [raw, d]));
  const i = new Map(Array.from(inputs.ix.items, (raw, d) => [raw, d]));
  const users: number[] = [];
  const items: number[] = [];
  const cu = t.columns.user as Int32Array;
  const ci = t.columns.item as Int32Array;
  for (let r = 0; r < t.length; r++) {
    const du = u.get(cu[r]!);
    const di = i.get(ci[r]!);
    if (du !== undefined && di !== undefined) (users.push(du), items.push(di));
  }
  return { user: Int32Array.from(users), item: Int32Array.from(items) };
}

async function peerOn(python: string, split: Record<string, Artifact>, seed: number): Promise<SideResult> {
  const dir = mkdtempSync(join(tmpdir(), "shortlist-bench-simplex-acc-"));
  try {
    const inputs = simplexInputs(split["split.train"] as Table, OPTIONS.historyLen);
    writePeerInputs(dir, inputs);
    const valid = denseSplit(split["split.valid"] as Table, inputs);
    writeFileSync(join(dir, "valid_user.i32"), valid.user);
    writeFileSync(join(dir, "valid_item.i32"), valid.item);
    const nUsers = inputs.ix.users.length;
    writeFileSync(join(dir, "test_user.i32"), Int32Array.from({ length: nUsers }, (_, d) => d));
    const args = { ...peerArgs(dir, inputs, "accuracy"), seed, epochs: EPOCHS, patience: OPTIONS.patience, k: K };
    const p = Bun.spawn([python, join(import.meta.dir, "peers", "simplex_torch.py"), JSON.stringify(args)], { stdout: "pipe", stderr: "pipe", env: peerEnv() });
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    if (code !== 0) throw new Error(`simplex_torch.py accuracy exited ${code}: ${err.trim().split("\n").slice(-3).join(" / ")}`);
    const log = JSON.parse(out.trim().split("\n").pop()!) as { bestEpoch: number; diverged: boolean; epochs: Array<{ valid: number | null }> };
    if (log.diverged) console.warn(`seed ${seed}: the torch peer's loss became NaN; its best epoch before that is kept (${log.bestEpoch})`);
    const top = new Int32Array(readFileSync(join(dir, "peer_recs.i32")).buffer.slice(0));
    const user = new Int32Array(nUsers * K);
    const item = new Int32Array(nUsers * K);
    const rank = new Int32Array(nUsers * K);
    for (let d = 0; d < nUsers; d++) {
      for (let t = 0; t < K; t++) {
        user[d * K + t] = inputs.ix.users[d]!;
        item[d * K + t] = inputs.ix.items[top[d * K + t]!]!;
        rank[d * K + t] = t + 1;
      }
    }
    return { scores: score({ user, item, rank }, split["split.test"] as Table), bestEpoch: log.bestEpoch, validCurve: log.epochs.map((e) => e.valid) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  if (!existsSync(join(ML100K, "u.data"))) {
    console.log(`bench twotower-accuracy: skipped, ${ML100K} is absent (the ML-100K folder of ../shared/data)`);
    return;
  }
  const python = await findTorchPython();
  if (!python) console.warn("bench twotower-accuracy: no python3 with torch; our side only");
  const rows: Array<{ seed: number; ours: Scores; oursBestEpoch: number; oursValid: Array<number | null>; peer?: Scores; peerBestEpoch?: number; peerValid?: Array<number | null> }> = [];
  for (const seed of SEEDS) {
    const split = await splits(seed);
    const o = await oursOn(split, seed);
    const p = python ? await peerOn(python, split, seed) : undefined;
    rows.push({ seed, ours: o.scores, oursBestEpoch: o.bestEpoch, oursValid: o.validCurve, ...(p ? { peer: p.scores, peerBestEpoch: p.bestEpoch, peerValid: p.validCurve } : {}) });
    const curve = (c: Array<number | null>) => c.map((v) => v?.toFixed(4) ?? "—").join(" ");
    console.log(`seed ${seed}: valid NDCG@10 per epoch, ours ${curve(o.validCurve)}${p ? `; torch ${curve(p.validCurve)}` : ""}`);
    console.log(JSON.stringify({ seed, ours: o.scores, oursBestEpoch: o.bestEpoch, peer: p?.scores, peerBestEpoch: p?.bestEpoch }));
  }
  const mean = (f: (r: (typeof rows)[number]) => number | undefined) => {
    const xs = rows.map(f).filter((x): x is number => x !== undefined);
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
  };
  const summary = METRICS.map((m) => {
    const ours = mean((r) => r.ours[m])!;
    const peer = mean((r) => r.peer?.[m]);
    return { metric: m, ours, peer, met: peer === undefined ? null : ours >= peer - 0.005 };
  });
  console.log(formatTable(summary.map((s) => ({
    metric: s.metric, "ours (mean of seeds)": s.ours.toFixed(4), "torch (mean of seeds)": s.peer?.toFixed(4) ?? "—",
    "ours − torch": s.peer === undefined ? "—" : (s.ours - s.peer).toFixed(4), target: "≥ −0.005", met: s.met === null ? "—" : s.met ? "yes" : "no",
  }))));
  const outDir = quick ? tmpdir() : join(import.meta.dir, "results");
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `twotower-accuracy${quick ? ".quick" : ""}.json`);
  writeFileSync(file, `${JSON.stringify({
    command: `${quick ? "BENCH_QUICK=1 " : ""}${process.env.SEEDS ? `SEEDS=${process.env.SEEDS} ` : ""}${process.env.BENCH_EPOCHS ? `BENCH_EPOCHS=${process.env.BENCH_EPOCHS} ` : ""}bun bench/twotower-accuracy.ts`, date: new Date().toISOString(), dataset: "ml-100k",
    protocol: "RecBole: per-user random 80/10/10, full ranking, train+valid excluded at test, best epoch by valid NDCG@10",
    seeds: SEEDS, epochs: EPOCHS, options: OPTIONS, rows, summary,
  }, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

if (import.meta.main) await run();
