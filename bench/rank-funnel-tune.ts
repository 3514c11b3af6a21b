/**
 * How rank.gbdt's options in examples/movielens-rank.yaml were chosen, on validation only: for
 * each seed's run directory (kept by `RUN_DIR=… bun bench/rank-funnel.ts`), trains the GBDT on
 * candidates.train with each configuration exactly as rank.gbdt does (the same held-out users,
 * early stopping on their within-candidates NDCG@10) and scores the held-out users' top-10 of the
 * validation period against split.valid (RecBole recall / NDCG@10, as the bench's VALIDATION
 * lines). Reads no split.test.
 *
 *   RUN_DIR=/tmp/rf TEST=0 PEER=0 bun bench/rank-funnel.ts     # the runs, validation figures only
 *   RUN_DIR=/tmp/rf CONFIGS='{"a":{"numLeaves":7},"b":{"minDataInLeaf":300}}' bun bench/rank-funnel-tune.ts
 *
 * Each configuration is laid over lambdarank, 500 rounds, early stopping 50 and LightGBM's defaults.
 */
import { join, resolve } from "node:path";
import { defaultGbdtOptions, predictRaw, trainGbdt, type GbdtData } from "../packages/plugin-gbdt/src/index.ts";
import { heldOutUsers } from "../packages/plugin-gbdt/src/stage-data.ts";
import { evaluateTopK } from "../packages/runner/src/metrics/index.ts";
import { rankedRecs } from "../packages/runner/src/recsys/index.ts";
import { readParquet } from "../packages/runner/src/store/parquet.ts";
import { table } from "../packages/runner/src/index.ts";

const seeds = (process.env.SEEDS ?? "42,43,44").split(",").map(Number);
const base = resolve(process.env.RUN_DIR ?? "/tmp/rf");
const configs: Record<string, object> = JSON.parse(process.env.CONFIGS ?? '{"lightgbm-defaults":{}}');

const data = await Promise.all(seeds.map(async (seed) => {
  const dir = join(base, `s${seed}`);
  const c = await readParquet(join(dir, "artifacts", "candidates.train.parquet"));
  const v = await readParquet(join(dir, "artifacts", "split.valid.parquet"));
  const first: number = JSON.parse(await Bun.file(join(dir, "metrics.json")).text()).stages["rank.candidates"].train_rows;
  const user = c.columns.user as Int32Array;
  const held = heldOutUsers(user, 0.2, seed);
  const all = Int32Array.from(user.keys());
  const features = Object.keys(c.columns).filter((k) => !["user", "item", "label", "group"].includes(k));
  const pick = (rows: Int32Array): GbdtData => ({
    features: features.map((f) => Float32Array.from(rows, (r) => (c.columns[f] as Float32Array)[r]!)),
    featureNames: features,
    label: Float32Array.from(rows, (r) => (c.columns.label as Float32Array)[r]!),
    group: Int32Array.from(rows, (r) => (c.columns.group as Int32Array)[r]!),
  });
  const validRows = all.filter((r) => held.has(user[r]!));
  // Scored: the held-out users' validation-period rows (extra periods, if any, come after `first`).
  const scored = validRows.filter((r) => r < first);
  const vu = v.columns.user as Int32Array;
  const keep = Int32Array.from(vu.keys()).filter((r) => held.has(vu[r]!));
  const truth = { user: Int32Array.from(keep, (r) => vu[r]!), item: Int32Array.from(keep, (r) => (v.columns.item as Int32Array)[r]!) };
  const cands = table({ user: Int32Array.from(scored, (r) => user[r]!), item: Int32Array.from(scored, (r) => (c.columns.item as Int32Array)[r]!) });
  return { seed, train: pick(all.filter((r) => !held.has(user[r]!))), valid: pick(validRows), scored: pick(scored), truth, cands };
}));

for (const [name, cfg] of Object.entries(configs)) {
  const per = data.map((d) => {
    const model = trainGbdt(d.train, d.valid, { ...defaultGbdtOptions, objective: "lambdarank", numRounds: 500, earlyStoppingRounds: 50, seed: d.seed, ...cfg });
    const top = rankedRecs(d.cands, predictRaw(model, d.scored.features), 10);
    const e = evaluateTopK({ user: top.columns.user as Int32Array, item: top.columns.item as Int32Array, rank: top.columns.rank as Int32Array }, d.truth, { ks: [10], metrics: ["recall", "ndcg"] });
    return { r: e.values["recall@10"]!, n: e.values["ndcg@10"]!, trees: model.bestIteration };
  });
  const mean = (f: (x: (typeof per)[number]) => number) => per.reduce((s, x) => s + f(x), 0) / per.length;
  console.log(`${name.padEnd(20)} valid recall@10 / ndcg@10 mean ${mean((x) => x.r).toFixed(4)} / ${mean((x) => x.n).toFixed(4)}   ${per.map((x, i) => `seed ${seeds[i]}: ${x.r.toFixed(4)}/${x.n.toFixed(4)} (${x.trees} trees)`).join("  ")}`);
}
