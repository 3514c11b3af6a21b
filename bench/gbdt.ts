/**
 * `bun run bench gbdt`: our GBDT trainer (packages/plugin-gbdt/src/train) against XGBoost `hist`
 * (bench/peers/gbdt_xgboost.py, Debian's python3-xgboost) on the same float32 files, same number of
 * trees (100, no early stopping), 31 leaves grown leaf-wise (XGBoost: grow_policy=lossguide,
 * max_leaves=31, max_depth=0), learning rate 0.1, 255 bins, 2 threads each; every other parameter is
 * each library's default (ours: LightGBM's — minDataInLeaf 20, λ2 0; XGBoost's: min_child_weight 1,
 * λ 1). Each measurement is a fresh process on each side (alternating, medians over the repeats),
 * so its peak RSS is its own and includes the loaded data. Reports test AUC, training time,
 * time to score 1,000,000 rows (ours: predictRaw over SHORTLIST_THREADS = 2 threads; XGBoost:
 * inplace_predict, nthread 2) and peak RSS.
 * Cases: ML-100K ranking samples, the Criteo sample, synthetic Ali-CCP (planted) at 1M rows and at
 * 10M rows, each BENCH_RUNS (default 3) alternating repeats (10M: BENCH_GBDT_10M_RUNS; 0 skips
 * it with BENCH_GBDT_10M=0). BENCH_QUICK=1: Ali-CCP at 100k rows only. BENCH_GBDT_CASES=a,b runs only
 * the named cases (ml100k, criteo, aliccp-1000000, aliccp-10000000), e.g. to repeat 10M alone
 * (results then go to results/gbdt.partial.json, not gbdt.json).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aliccpCase, criteoCase, ml100kCase, type CaseMeta } from "./lib/gbdt-data.ts";
import { median, quick } from "./lib/measure.ts";
import { peerEnv } from "./lib/peers.ts";
import { formatTable } from "./lib/table.ts";

const ROUNDS = 100, LEAVES = 31, LR = 0.1, MAX_BIN = 255, THREADS = 2;
const PREDICT_ROWS = 1_000_000;
const PY = process.env.XGBOOST_PYTHON ?? "/usr/bin/python3";

interface Run { trainMs: number; predictMs: number; auc: number; trees: number; maxRssMiB: number; version?: string }

async function oneShot(cmd: string[], env: Record<string, string> = {}): Promise<Run> {
  // OMP_WAIT_POLICY=PASSIVE: on a shared 2-core machine spinning OpenMP barriers made XGBoost up to
  // 14× slower (measured: 26 s vs 1.9 s on 80k rows); passive waiting is what a fair peer gets.
  const p = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe", env: { ...peerEnv(), OMP_WAIT_POLICY: "PASSIVE", ...env } });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`${cmd.slice(0, 2).join(" ")} exited ${code}: ${err.trim().split("\n").slice(-3).join(" / ")}`);
  return JSON.parse(out.trim().split("\n").pop()!) as Run;
}

const ours = (meta: CaseMeta) => oneShot([process.execPath, join(import.meta.dir, "lib", "gbdt-ours.ts"), JSON.stringify({
  dir: meta.dir, predictRows: PREDICT_ROWS,
  options: { objective: "binary", numRounds: ROUNDS, numLeaves: LEAVES, maxDepth: -1, learningRate: LR, maxBin: MAX_BIN, threads: THREADS, seed: 1 },
})], { SHORTLIST_THREADS: String(THREADS) }); // the predictor's threads, as XGBoost's nthread
const peer = (meta: CaseMeta) => oneShot([PY, join(import.meta.dir, "peers", "gbdt_xgboost.py"), JSON.stringify({
  dir: meta.dir, rounds: ROUNDS, leaves: LEAVES, lr: LR, max_bin: MAX_BIN, lambda_l2: 1, min_child_weight: 1, threads: THREADS, predict_rows: PREDICT_ROWS,
})]);

export async function run(): Promise<void> {
  const root = join(tmpdir(), "shortlist-bench-gbdt");
  mkdirSync(root, { recursive: true });
  const cases: { meta: CaseMeta; repeats: number; accuracy: boolean }[] = [];
  const reps = Number(process.env.BENCH_RUNS ?? 3);
  if (quick) cases.push({ meta: aliccpCase(root, 100_000), repeats: 1, accuracy: true });
  else {
    const ml = ml100kCase(root);
    if (ml) cases.push({ meta: ml, repeats: reps, accuracy: true }); else console.warn("bench gbdt: ML-100K absent, case (a) skipped");
    const cr = criteoCase(root);
    if (cr) cases.push({ meta: cr, repeats: reps, accuracy: true }); else console.warn("bench gbdt: criteo-sample absent, case (c) skipped");
    cases.push({ meta: aliccpCase(root, 1_000_000), repeats: reps, accuracy: true });
    // 10M: BENCH_GBDT_10M_RUNS alternating repeats (default BENCH_RUNS); BENCH_GBDT_10M=0 skips it.
    if (process.env.BENCH_GBDT_10M !== "0") cases.push({ meta: aliccpCase(root, 10_000_000), repeats: Number(process.env.BENCH_GBDT_10M_RUNS ?? reps), accuracy: true });
  }
  // BENCH_GBDT_CASES: only these cases (what each measures is unchanged).
  const only = process.env.BENCH_GBDT_CASES?.split(",").map((c) => c.trim()).filter(Boolean);
  if (only) cases.splice(0, cases.length, ...cases.filter((c) => only.includes(c.meta.name)));
  const rows: Record<string, string>[] = [];
  const results: Record<string, unknown>[] = [];
  for (const c of cases) {
    const o: Run[] = [], p: Run[] = [];
    for (let i = 0; i < c.repeats; i++) { o.push(await ours(c.meta)); p.push(await peer(c.meta)); }
    const m = (rs: Run[], k: "trainMs" | "predictMs" | "maxRssMiB") => median(rs.map((r) => r[k]));
    const r = {
      case: c.meta.name, trainRows: c.meta.splits.train.n, features: c.meta.features.length,
      aucOurs: o[0]!.auc, aucXgboost: p[0]!.auc, aucDelta: o[0]!.auc - p[0]!.auc,
      trainMsOurs: m(o, "trainMs"), trainMsXgboost: m(p, "trainMs"), trainRatio: m(o, "trainMs") / m(p, "trainMs"),
      predictMsOurs: m(o, "predictMs"), predictMsXgboost: m(p, "predictMs"), predictRatio: m(o, "predictMs") / m(p, "predictMs"),
      peakRssMiBOurs: m(o, "maxRssMiB"), peakRssMiBXgboost: m(p, "maxRssMiB"), repeats: c.repeats, xgboost: p[0]!.version,
      runs: { ours: o, xgboost: p },
    };
    results.push(r);
    rows.push({
      case: r.case, "train rows": String(r.trainRows), "AUC ours": r.aucOurs.toFixed(4), "AUC xgb": r.aucXgboost.toFixed(4), "Δ": r.aucDelta.toFixed(4),
      "train s ours": (r.trainMsOurs / 1e3).toFixed(2), "train s xgb": (r.trainMsXgboost / 1e3).toFixed(2), "train ×": r.trainRatio.toFixed(2),
      "predict 1M ms ours": r.predictMsOurs.toFixed(0), "xgb": r.predictMsXgboost.toFixed(0), "predict ×": r.predictRatio.toFixed(2),
      "peak MiB ours": r.peakRssMiBOurs.toFixed(0), "peak MiB xgb": r.peakRssMiBXgboost.toFixed(0),
    });
    console.log(formatTable(rows.slice(-1)));
  }
  console.log(`\nGBDT vs XGBoost hist: ${ROUNDS} trees, ${LEAVES} leaves, lr ${LR}, ${MAX_BIN} bins, ${THREADS} threads each; train × / predict × = ours / XGBoost (< 1 is faster)`);
  console.log(formatTable(rows));
  mkdirSync(join(import.meta.dir, "results"), { recursive: true });
  writeFileSync(join(import.meta.dir, "results", quick ? "gbdt.quick.json" : only ? "gbdt.partial.json" : "gbdt.json"), JSON.stringify({ rounds: ROUNDS, leaves: LEAVES, lr: LR, maxBin: MAX_BIN, threads: THREADS, predictRows: PREDICT_ROWS, date: new Date().toISOString(), cases: results }, null, 2));
}

if (import.meta.main) await run();
