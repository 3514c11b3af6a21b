/**
 * The ranking funnel's target (issue #12): on real ML-100K under RecBole's protocol, the GBDT's
 * re-ranked top-10 against the best single recall list of the same run, averaged over split seeds.
 * Runs examples/movielens-rank.yaml once per seed (the pipeline seed drives data.features' split
 * and rank.gbdt's held-out validation users) and reads each run's metrics.json; the ranker's
 * options in that file were chosen on validation users only, so split.test is read by eval.recs alone.
 * It prints the VALIDATION figures first (bench/lib/rank-funnel-valid.ts: each single list's and
 * the ranker's top-10 on rank.gbdt's held-out users against split.valid), the ones to choose by;
 * bench/rank-funnel-tune.ts compares ranker options on kept runs the same way.
 *
 *   bun bench/rank-funnel.ts              # split seeds 42, 43, 44
 *   SEEDS=42 bun bench/rank-funnel.ts     # one seed
 *   PEER=0 bun bench/rank-funnel.ts       # without the XGBoost peer
 *   TEST=0 PEER=0 bun bench/rank-funnel.ts  # validation figures only (how options were chosen)
 *   RUN_DIR=/tmp/rf bun bench/rank-funnel.ts  # keep each seed's run in /tmp/rf/s<seed> and reuse its
 *                                           # unchanged stages (SimpleX) when the example changes
 *                                           # (the runner reuses by options and plugin version, not
 *                                           # code: after editing a plugin, use a fresh RUN_DIR)
 *
 * The peer (bench/peers/rank_xgboost.py, /usr/bin/python3 with xgboost) trains XGBoost's
 * rank:ndcg on the same candidates.train and ranks the same candidates.test, with options fixed
 * in the script: it tells a weaker learner apart from weaker candidates.
 *
 * Writes bench/results/rank-funnel.json. Needs ../shared/data/ml-100k (skips without it).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readParquet } from "../packages/runner/src/store/parquet.ts";
import { funnelValidation, type ValidFigures } from "./lib/rank-funnel-valid.ts";

const ML100K = resolve(import.meta.dir, "../../shared/data/ml-100k");
const EXAMPLE = resolve(import.meta.dir, "../examples/movielens-rank.yaml");
const CLI = resolve(import.meta.dir, "../packages/runner/src/cli.ts");
const LISTS = ["popular", "itemcf", "swing", "simplex", "gbdt"] as const;
/** The recall lists the funnel ranks (its candidate sources): "best single list" is the best of these. */
const SOURCES = ["itemcf", "swing", "simplex"] as const;
const METRICS = ["recall@10", "ndcg@10", "hit@10", "mrr@10"] as const;
/** The issue's bar: the ranked top-10 at least 5 % above the best single recall list. */
const TARGET_GAIN = 0.05;

type Row = Record<(typeof METRICS)[number], number>;
interface SeedRun {
  seed: number;
  lists: Record<string, Row>;
  validNdcg10: number;
  bestIteration: number;
  candidateRecall: number;
  /** On rank.gbdt's held-out validation users (split.valid): what options are chosen by. */
  valid: ValidFigures;
  peer?: { xgboost: Record<string, number>; swing_rank: Record<string, number> };
}

/** One run of the example; its eval.* metrics per list and rank.gbdt's validation figures. */
async function runSeed(seed: number): Promise<SeedRun> {
  const keep = process.env.RUN_DIR;
  const out = keep ? join(resolve(keep), `s${seed}`) : mkdtempSync(join(tmpdir(), `rank-funnel-${seed}-`));
  mkdirSync(out, { recursive: true });
  const p = Bun.spawn(["bun", CLI, "run", EXAMPLE, "--out", out, "--set", `seed=${seed}`], { env: { ...process.env, ML_DIR: ML100K }, stdout: "pipe", stderr: "pipe" });
  const [stderr, code] = await Promise.all([new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`seed ${seed}: shortlist run exited ${code}\n${stderr}`);
  const m = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")).stages;
  const lists = Object.fromEntries(LISTS.map((l) => [l, Object.fromEntries(METRICS.map((k) => [k, m[`eval.${l}`][k] as number])) as Row]));
  const valid = await funnelValidation(out, seed, [...SOURCES]);
  // The peer scores split.test itself: never while choosing (TEST=0).
  const peer = process.env.PEER === "0" || process.env.TEST === "0" ? undefined : await runPeer(out);
  if (!keep) rmSync(out, { recursive: true, force: true });
  return { seed, lists, validNdcg10: m["rank.gbdt"]["valid.ndcg10"], bestIteration: m["rank.gbdt"].best_iteration, candidateRecall: m["rank.candidates"].train_candidate_recall, valid, peer };
}

/** The XGBoost peer on the run's own candidate tables (written as CSV: the peer has no parquet reader). */
async function runPeer(out: string): Promise<SeedRun["peer"]> {
  for (const name of ["candidates.train", "candidates.test", "split.test"]) {
    const t = await readParquet(join(out, "artifacts", `${name}.parquet`));
    const cols = Object.keys(t.columns);
    const lines = [cols.join(",")];
    for (let r = 0; r < t.length; r++) lines.push(cols.map((c) => String((t.columns[c] as ArrayLike<unknown>)[r])).join(","));
    writeFileSync(join(out, `${name}.csv`), lines.join("\n") + "\n");
  }
  const p = Bun.spawn(["/usr/bin/python3", join(import.meta.dir, "peers", "rank_xgboost.py"), out], { stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (code !== 0) {
    console.log(`peer skipped: rank_xgboost.py exited ${code}: ${stderr.trim().split("\n").pop()}`);
    return undefined;
  }
  return JSON.parse(stdout);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

if (!existsSync(join(ML100K, "u.data"))) {
  console.log(`skip: ${ML100K} is absent (the real ML-100K lives in ../shared/data beside the checkout)`);
} else {
  const seeds = (process.env.SEEDS ?? "42,43,44").split(",").map(Number);
  const runs: SeedRun[] = [];
  for (const s of seeds) runs.push(await runSeed(s));
  // Validation first: the figures every choice was made by (rank.gbdt's held-out users, split.valid).
  const vAvg = Object.fromEntries([...SOURCES, "gbdt"].map((l) => [l, { r: mean(runs.map((x) => x.valid[l]!["recall@10"])), n: mean(runs.map((x) => x.valid[l]!["ndcg@10"])) }]));
  const vBest = { r: Math.max(...SOURCES.map((l) => vAvg[l]!.r)), n: Math.max(...SOURCES.map((l) => vAvg[l]!.n)) };
  console.log(`VALIDATION (split.valid, rank.gbdt's held-out users, ${runs[0]!.valid.gbdt!.users} users on seed ${runs[0]!.seed}), mean of seeds ${seeds.join(", ")}: recall@10 / ndcg@10`);
  for (const l of [...SOURCES, "gbdt"]) console.log(`  ${l.padEnd(8)} ${vAvg[l]!.r.toFixed(4)} / ${vAvg[l]!.n.toFixed(4)}   per seed ${runs.map((x) => `${x.valid[l]!["recall@10"].toFixed(4)}/${x.valid[l]!["ndcg@10"].toFixed(4)}`).join("  ")}`);
  const validGains = { "recall@10": vAvg.gbdt!.r / vBest.r - 1, "ndcg@10": vAvg.gbdt!.n / vBest.n - 1 };
  console.log(`  gbdt vs best single list on validation: ${(100 * validGains["recall@10"]).toFixed(1)} % / ${(100 * validGains["ndcg@10"]).toFixed(1)} %; candidates hold ${(100 * mean(runs.map((x) => x.candidateRecall))).toFixed(1)} % of split.valid pairs`);
  const avg = Object.fromEntries(LISTS.map((l) => [l, Object.fromEntries(METRICS.map((k) => [k, mean(runs.map((r) => r.lists[l]![k]))])) as Row]));
  const gains: Record<string, number> = {};
  if (process.env.TEST === "0") {
    console.log("TEST=0: split.test figures not printed (choosing options)");
  } else {
    console.log(`TEST (split.test), ML-100K, RecBole protocol, split seeds ${seeds.join(", ")} (mean)`);
    console.log(["list", ...METRICS].map((s) => s.padEnd(12)).join(""));
    for (const l of LISTS) console.log([l, ...METRICS.map((k) => avg[l]![k].toFixed(4))].map((s) => s.padEnd(12)).join(""));
    for (const k of ["recall@10", "ndcg@10"] as const) {
      const best = Math.max(...SOURCES.map((l) => avg[l]![k]));
      gains[k] = avg.gbdt![k] / best - 1;
      console.log(`gbdt vs best single list, ${k}: ${(100 * gains[k]).toFixed(1)} % (target ≥ ${100 * TARGET_GAIN} %: ${gains[k] >= TARGET_GAIN ? "met" : "not met"})`);
    }
    const fmt = (r: SeedRun, l: string) => `${r.lists[l]!["recall@10"].toFixed(4)} / ${r.lists[l]!["ndcg@10"].toFixed(4)}`;
    for (const r of runs) console.log(`seed ${r.seed}: gbdt ${fmt(r, "gbdt")}; ${SOURCES.map((l) => `${l} ${fmt(r, l)}`).join("; ")}; rank.gbdt valid.ndcg10 ${r.validNdcg10.toFixed(4)}, ${r.bestIteration} trees`);
    const peers = runs.flatMap((r) => (r.peer ? [r.peer] : []));
    if (peers.length === runs.length) {
      const px = { r: mean(peers.map((p) => p.xgboost["recall@10"]!)), n: mean(peers.map((p) => p.xgboost["ndcg@10"]!)) };
      const check = mean(peers.map((p) => p.swing_rank["ndcg@10"]!));
      const best = (k: "recall@10" | "ndcg@10") => Math.max(...SOURCES.map((l) => avg[l]![k]));
      console.log(`peer XGBoost rank:ndcg on the same candidates: R@10 ${px.r.toFixed(4)} N@10 ${px.n.toFixed(4)} (${(100 * (px.r / best("recall@10") - 1)).toFixed(1)} % / ${(100 * (px.n / best("ndcg@10") - 1)).toFixed(1)} % over the best single list); the peer's Swing-rank check N@10 ${check.toFixed(4)} (eval.swing ${avg.swing!["ndcg@10"].toFixed(4)})`);
    }
  }
  const dir = join(import.meta.dir, "results");
  mkdirSync(dir, { recursive: true });
  const file = process.env.TEST === "0" ? "rank-funnel.valid.json" : "rank-funnel.json";
  const test = process.env.TEST === "0" ? {} : { mean: avg, gainOverBestSingle: gains };
  const strip = process.env.TEST === "0" ? runs.map(({ lists: _, peer: __, ...r }) => r) : runs;
  writeFileSync(join(dir, file), JSON.stringify({ dataset: "ml-100k", protocol: "RecBole: per-user random 80/10/10, full ranking, train+valid excluded", pipeline: "examples/movielens-rank.yaml", seeds, validMean: vAvg, validGainOverBestSingle: validGains, ...test, target: TARGET_GAIN, runs: strip }, null, 2));
}
