/**
 * How recall.i2i-recs' trigger options hold across protocols: recall@10 / NDCG@10 of ItemCF and
 * Swing (their default options) through recall.i2i-recs for a grid of (triggers, recency), on
 *  - ML-100K leave-last: each user's latest rating → test, the one before → valid (MetaSpore);
 *  - ML-100K ratio: each user's ratings shuffled 80/10/10 (RecBole, examples/movielens-recbole.yaml);
 *  - Last.fm (hetrec2011-lastfm-2k user_artists, no timestamps): ratio 80/10/10, and leave-last
 *    (what data.features does by default: with every timestamp equal, "last" is the highest artist id,
 *    so every option scores noise, recall@10 < 0.02; printed, left out of the choice).
 * Options are chosen on the validation split (history = train); test figures (history = train,
 * validation items excluded) are printed beside them, never used to choose.
 *
 *   bun bench/i2i-defaults.ts            # prints the table, writes bench/results/i2i-defaults.json
 *
 * Needs ../shared/data/{ml-100k,hetrec2011-lastfm-2k}; a missing dataset is skipped with a note.
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

const SHARED = resolve(import.meta.dir, "../../shared/data");
const SEED = 42;
/** 0 = every item of the user. */
export const TRIGGERS = [1, 5, 20, 50, 0];
export const RECENCY = ["reciprocal", "sqrt", "uniform", "auto"] as const;

interface Protocol {
  name: string;
  needs: string;
  load(): Promise<Record<string, Artifact>>;
  features: Record<string, unknown>;
  /** false: printed, but left out of the choice (a protocol whose figures are noise). */
  choose?: boolean;
}

const protocols: Protocol[] = [
  { name: "ml-100k leave-last", needs: "ml-100k/u.data", load: movielens, features: { split: "leave-last", testCount: 1, validCount: 1 } },
  { name: "ml-100k ratio", needs: "ml-100k/u.data", load: movielens, features: { split: "ratio", ratios: [0.8, 0.1, 0.1] } },
  { name: "last.fm ratio", needs: "hetrec2011-lastfm-2k/user_artists.dat", load: lastfm, features: { split: "ratio", ratios: [0.8, 0.1, 0.1] } },
  { name: "last.fm leave-last", needs: "hetrec2011-lastfm-2k/user_artists.dat", load: lastfm, features: { split: "leave-last", testCount: 1, validCount: 1 }, choose: false },
];

async function movielens(): Promise<Record<string, Artifact>> {
  return (await runStage(data, "data.movielens", { options: { path: join(SHARED, "ml-100k") } })).outputs;
}

/** Last.fm's listening counts as implicit feedback: every (user, artist) pair rates 1, no timestamps. */
async function lastfm(): Promise<Record<string, Artifact>> {
  const path = join(SHARED, "hetrec2011-lastfm-2k/user_artists.dat");
  const options = { interactions: { path, delimiter: "\t", columns: { user: "userID", item: "artistID", rating: "", timestamp: "" } } };
  return (await runStage(data, "data.table", { options })).outputs;
}

const algos: Array<{ name: string; plugin: Plugin; stage: string }> = [
  { name: "itemcf", plugin: itemcf, stage: "recall.itemcf" },
  { name: "swing", plugin: swing, stage: "recall.swing" },
];

function topK(recs: Table, truth: Table): Record<string, number> {
  const ids = (t: Table, c: string) => t.columns[c] as Int32Array;
  return evaluateTopK(
    { user: ids(recs, "user"), item: ids(recs, "item"), rank: ids(recs, "rank") },
    { user: ids(truth, "user"), item: ids(truth, "item") },
    { ks: [10], metrics: ["recall", "ndcg"] },
  ).values;
}

export interface Row {
  protocol: string;
  algo: string;
  triggers: number;
  recency: string;
  valid: Record<string, number>;
  test: Record<string, number>;
}

async function measure(p: Protocol): Promise<Row[]> {
  const source = await p.load();
  const split = (await runStage(data, "data.features", { inputs: { interactions: source.interactions! }, options: p.features, seed: SEED })).outputs;
  const rows: Row[] = [];
  for (const a of algos) {
    const nb = (await runStage(a.plugin, a.stage, { inputs: { "split.train": split["split.train"]! }, options: { output: "i2i.x" }, seed: SEED })).outputs["i2i.x"]!;
    for (const triggers of TRIGGERS)
      for (const recency of RECENCY) {
        const recs = async (exclude: string[]) =>
          (await runStage(i2i, "recall.i2i-recs", {
            inputs: { "i2i.x": nb, "split.train": split["split.train"]!, "split.valid": split["split.valid"]! },
            options: { i2i: "i2i.x", k: 10, triggers, recency, exclude },
          })).outputs["recs.x"] as Table;
        const valid = topK(await recs([]), split["split.valid"] as Table);
        const test = topK(await recs(["split.valid"]), split["split.test"] as Table);
        rows.push({ protocol: p.name, algo: a.name, triggers, recency, valid, test });
        console.log(`${p.name.padEnd(20)} ${a.name.padEnd(7)} triggers ${String(triggers || "all").padStart(4)} ${recency.padEnd(10)} valid R@10 ${valid["recall@10"]!.toFixed(4)} N@10 ${valid["ndcg@10"]!.toFixed(4)}  test R@10 ${test["recall@10"]!.toFixed(4)} N@10 ${test["ndcg@10"]!.toFixed(4)}`);
      }
  }
  return rows;
}

/**
 * Each (triggers, recency)'s validation recall@10 relative to the best option of its protocol ×
 * algorithm: the mean and the worst case (1 = best everywhere).
 */
export function relativeScores(rows: Row[]): Map<string, { mean: number; worst: number }> {
  const best = new Map<string, number>();
  for (const r of rows) best.set(`${r.protocol}/${r.algo}`, Math.max(best.get(`${r.protocol}/${r.algo}`) ?? 0, r.valid["recall@10"]!));
  const sums = new Map<string, number[]>();
  for (const r of rows) {
    const key = `${r.triggers} ${r.recency}`;
    sums.set(key, [...(sums.get(key) ?? []), r.valid["recall@10"]! / best.get(`${r.protocol}/${r.algo}`)!]);
  }
  return new Map([...sums].map(([k, v]) => [k, { mean: v.reduce((s, x) => s + x, 0) / v.length, worst: Math.min(...v) }]));
}

/** The README table: per option, each chosen protocol × algorithm's test R@10 / NDCG@10 (validation R@10). */
function markdown(rows: Row[], rel: Map<string, { mean: number; worst: number }>): string {
  const cols = [...new Set(rows.filter((r) => rel.size && protocols.find((p) => p.name === r.protocol)?.choose !== false).map((r) => `${r.protocol} ${r.algo}`))];
  const lines = [`| triggers | recency | ${cols.join(" | ")} | valid, vs best: mean / worst |`, `| --- | --- | ${cols.map(() => "---").join(" | ")} | --- |`];
  for (const triggers of TRIGGERS.filter((t) => t !== 1))
    for (const recency of RECENCY) {
      const cells = cols.map((c) => {
        const r = rows.find((x) => `${x.protocol} ${x.algo}` === c && x.triggers === triggers && x.recency === recency)!;
        return `${r.test["recall@10"]!.toFixed(3)} / ${r.test["ndcg@10"]!.toFixed(3)} (${r.valid["recall@10"]!.toFixed(3)})`;
      });
      const s = rel.get(`${triggers} ${recency}`)!;
      lines.push(`| ${triggers || "all"} | ${recency} | ${cells.join(" | ")} | ${s.mean.toFixed(3)} / ${s.worst.toFixed(3)} |`);
    }
  return lines.join("\n");
}

if (import.meta.main) {
  const rows: Row[] = [];
  const chosenFrom: Row[] = [];
  for (const p of protocols) {
    if (!existsSync(join(SHARED, p.needs))) {
      console.log(`skip ${p.name}: ${join(SHARED, p.needs)} is absent`);
      continue;
    }
    const measured = await measure(p);
    rows.push(...measured);
    if (p.choose !== false) chosenFrom.push(...measured);
  }
  const scores = [...relativeScores(chosenFrom)].sort((a, b) => b[1].worst - a[1].worst || b[1].mean - a[1].mean);
  console.log("\nvalidation recall@10 relative to the best option of each protocol × algorithm (triggers 0 = all):");
  for (const [k, v] of scores) console.log(`  ${k.padEnd(20)} mean ${v.mean.toFixed(3)}  worst ${v.worst.toFixed(3)}`);
  console.log("\n" + markdown(rows, new Map(scores)));
  mkdirSync(join(import.meta.dir, "results"), { recursive: true });
  writeFileSync(join(import.meta.dir, "results", "i2i-defaults.json"), JSON.stringify({ seed: SEED, rows, relative: Object.fromEntries(scores) }, null, 2) + "\n");
}
