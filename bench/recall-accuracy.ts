/**
 * Accuracy of recall.itemcf and recall.swing user recommendations (through recall.i2i-recs) on
 * ML-100K, in two protocols:
 *  - RecBole: each user's ratings shuffled and split 80/10/10, full ranking over all items,
 *    training and validation items excluded, averaged over users with a test item; the targets
 *    are RecBole's published BPR on the same data and protocol.
 *  - MetaSpore: each user's last rating by time is the test item, K = 20.
 *
 *   bun bench/recall-accuracy.ts                 # the chosen options, RecBole split seeds 42, 1, 2
 *   SEEDS=42 bun bench/recall-accuracy.ts --grid # the option search behind them
 *
 * Writes bench/results/recall-accuracy.json. Needs ../shared/data/ml-100k (skips without it).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import data from "@shortlist/plugin-data";
import i2i from "@shortlist/plugin-i2i";
import itemcf from "@shortlist/plugin-itemcf";
import swing from "@shortlist/plugin-swing";
import type { Artifact, Plugin, Table } from "@shortlist/runner";
import { evaluateTopK } from "@shortlist/runner/metrics";
import { runStage } from "@shortlist/runner/testing";

const ML100K = resolve(import.meta.dir, "../../shared/data/ml-100k");
export const TARGET = { "recall@10": 0.2368, "ndcg@10": 0.2768 };
export type Protocol = "recbole" | "metaspore";

export interface Config {
  name: string;
  plugin: Plugin;
  stage: string;
  options: Record<string, unknown>;
  recs: Record<string, unknown>;
}

/** RecBole's split is random, so recency says nothing about held-out items: every item triggers, equally. */
const RECBOLE_RECS = { triggers: 1000, recency: "uniform", normalize: "max" };

/**
 * The options behind the README's accuracy table: chosen on split.valid (seed 42) by `shortlist
 * tune examples/movielens-recbole-tune-itemcf.yaml` (and `…-swing.yaml`); they replaced the
 * hand-picked ItemCF `activityExponent: 2, neighbours: 200` and Swing `neighbours: 200`.
 */
export const CHOSEN: Config[] = [
  { name: "itemcf", plugin: itemcf, stage: "recall.itemcf", options: { activityExponent: 2.5, neighbours: 1600 }, recs: RECBOLE_RECS },
  { name: "swing", plugin: swing, stage: "recall.swing", options: { alpha: 1, beta: 0.3, popularityExponent: 1.4, neighbours: 400 }, recs: RECBOLE_RECS },
];

async function splits(protocol: Protocol, seed: number): Promise<Record<string, Artifact>> {
  const ml = await runStage(data, "data.movielens", { options: { path: ML100K } });
  const options = protocol === "recbole" ? { split: "ratio", ratios: [0.8, 0.1, 0.1] } : { split: "leave-last", testCount: 1 };
  return (await runStage(data, "data.features", { inputs: ml.outputs, options, seed })).outputs;
}

/** Top-K metrics of one configuration on one split. */
export async function evaluate(c: Config, split: Record<string, Artifact>, protocol: Protocol, seed: number): Promise<Record<string, number>> {
  const nb = await runStage(c.plugin, c.stage, { inputs: { "split.train": split["split.train"]! }, options: { ...c.options, output: "i2i.x" }, seed });
  const recs = await runStage(i2i, "recall.i2i-recs", {
    inputs: { "i2i.x": nb.outputs["i2i.x"]!, "split.train": split["split.train"]!, "split.valid": split["split.valid"]! },
    options: { i2i: "i2i.x", exclude: protocol === "recbole" ? ["split.valid"] : [], k: 20, ...c.recs },
  });
  const r = recs.outputs["recs.x"] as Table;
  const test = split["split.test"] as Table;
  return evaluateTopK(
    { user: r.columns.user as Int32Array, item: r.columns.item as Int32Array, rank: r.columns.rank as Int32Array },
    { user: test.columns.user as Int32Array, item: test.columns.item as Int32Array },
    protocol === "recbole" ? { ks: [10, 20], metrics: ["recall", "ndcg", "hit", "mrr"] } : { ks: [20], metrics: ["precision", "recall", "map", "ndcg"] },
  ).values;
}

/** The search behind CHOSEN (it only prints; the README quotes its findings). */
function grid(): Array<[Protocol, Config]> {
  const out: Array<[Protocol, Config]> = [];
  for (const activityExponent of [0, 1, 2])
    for (const neighbours of [100, 200, 1000])
      out.push(["recbole", { ...CHOSEN[0]!, name: `itemcf activity^${activityExponent} nb${neighbours}`, options: { activityExponent, neighbours } }]);
  for (const popularityExponent of [0, 1, 1.4])
    for (const beta of [0, 0.3])
      out.push(["recbole", { ...CHOSEN[1]!, name: `swing γ${popularityExponent} β${beta}`, options: { ...CHOSEN[1]!.options, popularityExponent, beta } }]);
  for (const normalize of ["none", "max"])
    for (const c of CHOSEN) out.push(["recbole", { ...c, name: `${c.name} normalize ${normalize}`, recs: { ...c.recs, normalize } }]);
  // Triggers and recency: all items, uniformly, on the random split; the latest few, by 1/(1+p), on leave-last.
  for (const triggers of [1, 5, 20, 1000])
    for (const recency of ["reciprocal", "uniform"])
      for (const [p, c] of [["recbole", CHOSEN[0]!], ["metaspore", CHOSEN[0]!], ["metaspore", CHOSEN[1]!]] as const)
        out.push([p, { ...c, name: `${p} ${c.name} triggers ${triggers} ${recency}`, recs: { ...c.recs, triggers, recency } }]);
  return out;
}

function line(name: string, seed: number, v: Record<string, number>): string {
  return `${name.padEnd(44)} seed ${String(seed).padEnd(3)} ${Object.entries(v).map(([k, x]) => `${k} ${x.toFixed(4)}`).join(" ")}`;
}

if (import.meta.main) {
  if (!existsSync(join(ML100K, "u.data"))) {
    console.log(`skipped: ${ML100K} is absent (the ML-100K folder of ../shared/data)`);
    process.exit(0);
  }
  const searching = process.argv.includes("--grid");
  const runs: Array<[Protocol, Config]> = searching ? grid() : CHOSEN.map((c) => ["recbole", c] as [Protocol, Config]);
  const seeds = searching ? (process.env.SEEDS ?? "42").split(",").map(Number) : [42, 1, 2];
  const rows: Array<{ protocol: Protocol; name: string; seed: number; values: Record<string, number> }> = [];
  for (const seed of seeds) {
    const cache = new Map<Protocol, Record<string, Artifact>>();
    for (const [protocol, c] of runs) {
      if (!cache.has(protocol)) cache.set(protocol, await splits(protocol, seed));
      const values = await evaluate(c, cache.get(protocol)!, protocol, seed);
      rows.push({ protocol, name: c.name, seed, values });
      console.log(line(c.name, seed, values));
    }
  }
  if (!searching) {
    for (const c of CHOSEN) {
      const mine = rows.filter((r) => r.name === c.name);
      const mean = (k: string) => mine.reduce((s, r) => s + r.values[k]!, 0) / mine.length;
      console.log(`${c.name}: mean over seeds ${seeds.join(", ")}: recall@10 ${mean("recall@10").toFixed(4)} (target ${TARGET["recall@10"]}), ndcg@10 ${mean("ndcg@10").toFixed(4)} (target ${TARGET["ndcg@10"]})`);
    }
    mkdirSync(join(import.meta.dir, "results"), { recursive: true });
    const configs = CHOSEN.map((c) => ({ name: c.name, stage: c.stage, options: c.options, i2iRecs: c.recs }));
    writeFileSync(join(import.meta.dir, "results", "recall-accuracy.json"), JSON.stringify({ dataset: "ml-100k", protocol: "RecBole: per-user random 80/10/10, full ranking, train+valid excluded", target: TARGET, configs, rows }, null, 2) + "\n");
  }
}
