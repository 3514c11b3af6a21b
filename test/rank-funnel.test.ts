/**
 * The ranking funnel's leakage guarantee (issue #12): no split.test row reaches the ranker's
 * training, its option selection (early stopping) or the candidates it ranks.
 *  1. In process: the whole chain (data.features → ItemCF/Swing/SimpleX → recall lists for both
 *     periods (SimpleX's test list cut by rank.exclude) → rank.candidates (with SimpleX's cosine)
 *     and a second labelled period cut from split.train (rank.fold) → rank.gbdt) runs twice, once
 *     with split.test replaced by a poisoned table (every candidate a "test positive" rated 5).
 *     Every stage is offered every artifact, so one that read split.test would see the poison;
 *     candidates.*, the model and recs.gbdt must be byte-identical. Poisoning split.valid instead must change them (so the check can fail).
 *  2. Through the CLI: examples/movielens-rank.yaml on synthetic data runs end to end, and in its
 *     manifest split.test is an input of eval.* stages only, and of nothing recs.gbdt derives from.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { table, type Artifact, type Plugin, type Table } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import data from "../packages/plugin-data/src/index.ts";
import gbdt from "../packages/plugin-gbdt/src/index.ts";
import i2i from "../packages/plugin-i2i/src/index.ts";
import itemcf from "../packages/plugin-itemcf/src/index.ts";
import rank from "../packages/plugin-rank/src/index.ts";
import swing from "../packages/plugin-swing/src/index.ts";
import twotower from "../packages/plugin-twotower/src/index.ts";
import { shortlist, tempDir } from "./cli-helpers.ts";

const example = resolve(import.meta.dir, "../examples/movielens-rank.yaml");

/** Runs stages in order, each offered every artifact so far; returns them all. */
async function chain(start: Record<string, Artifact>, poison: (all: Record<string, Artifact>) => void): Promise<Record<string, Artifact>> {
  const all = { ...start };
  const step = async (plugin: Plugin, stage: string, options: unknown) => {
    Object.assign(all, (await runStage(plugin, stage, { inputs: all, options, seed: 3 })).outputs);
  };
  await step(data, "data.features", { split: "ratio", ratios: [0.8, 0.1, 0.1] });
  poison(all);
  await step(itemcf, "recall.itemcf", { neighbours: 50 });
  await step(swing, "recall.swing", { neighbours: 50 });
  // SimpleX as in the example: no validation split (it must not early-stop on the ranker's labels), fixed epochs.
  await step(twotower, "recall.simplex", { valid: "", epochs: 2, patience: 0, dim: 8, k: 60, algo: "simplex-all", engine: "cpu" });
  await step(rank, "rank.exclude", { recs: "recs.simplex-all", exclude: ["split.valid"], k: 30, output: "recs.simplex" });
  for (const src of ["itemcf", "swing"]) {
    await step(i2i, "recall.i2i-recs", { i2i: `i2i.${src}`, k: 30, output: `recs.${src}.valid` });
    await step(i2i, "recall.i2i-recs", { i2i: `i2i.${src}`, k: 30, exclude: ["split.valid"], output: `recs.${src}` });
  }
  // A second labelled period from split.train alone (rank.fold), as in the example.
  await step(rank, "rank.fold", {});
  await step(itemcf, "recall.itemcf", { neighbours: 50, input: "fold.train", output: "i2i.itemcf-fold" });
  await step(swing, "recall.swing", { neighbours: 50, input: "fold.train", output: "i2i.swing-fold" });
  await step(twotower, "recall.simplex", { input: "fold.train", valid: "", epochs: 2, patience: 0, dim: 8, k: 30, algo: "simplex-fold", engine: "cpu" });
  for (const src of ["itemcf", "swing"]) await step(i2i, "recall.i2i-recs", { i2i: `i2i.${src}-fold`, history: "fold.train", k: 30, output: `recs.${src}.fold` });
  await step(rank, "rank.candidates", {
    extraPeriods: [{
      sources: { itemcf: "recs.itemcf.fold", swing: "recs.swing.fold", simplex: "recs.simplex-fold" }, history: "fold.train", labels: "fold.labels",
      i2i: ["i2i.itemcf-fold", "i2i.swing-fold"], embeddings: { simplex: { user: "emb.simplex-fold.user", item: "emb.simplex-fold.item" } },
    }],
    sources: { itemcf: { train: "recs.itemcf.valid", test: "recs.itemcf" }, swing: { train: "recs.swing.valid", test: "recs.swing" }, simplex: { train: "recs.simplex-all", test: "recs.simplex" } },
    embeddings: { simplex: { user: "emb.simplex-all.user", item: "emb.simplex-all.item" } },
    i2i: ["i2i.itemcf", "i2i.swing"],
    userTable: "features.user", userColumns: ["high_share"], itemTable: "features.item", itemColumns: ["genre_code"], affinity: ["genre_code"],
  });
  await step(gbdt, "rank.gbdt", { candidates: "candidates.train", rank: "candidates.test", objective: "lambdarank", k: 10, numRounds: 15, threads: 1 });
  return all;
}

/** A third of the table's items for every one of its users, all rated 5: what a leak would reward. */
function poisonOf(all: Record<string, Artifact>, like: string): Table {
  const t = all[like] as Table;
  const items = [...new Set(t.columns.item as Int32Array)];
  const users = [...new Set(t.columns.user as Int32Array)];
  // every user × a third of the items seen anywhere in the table
  const user = Int32Array.from(users.flatMap((u) => items.filter((_, i) => i % 3 === u % 3).map(() => u)));
  const item = Int32Array.from(users.flatMap((u) => items.filter((_, i) => i % 3 === u % 3)));
  return table({ user, item, rating: new Float32Array(user.length).fill(5), timestamp: new Int32Array(user.length) });
}

const FUNNEL = ["fold.labels", "recs.simplex-fold", "recs.simplex-all", "emb.simplex-all.user", "recs.simplex", "candidates.train", "candidates.test", "recs.gbdt", "model.gbdt"];

function bytesOf(a: Artifact): string {
  if (a.kind === "blob") return Buffer.from(a.bytes).toString("base64");
  if (a.kind !== "table") return JSON.stringify(a);
  return JSON.stringify(Object.entries(a.columns).map(([k, c]) => [k, Array.isArray(c) ? c : Array.from(c, (v) => (Number.isNaN(v) ? "NaN" : v))]));
}

describe("ranking funnel leakage", () => {
  test("a poisoned split.test changes nothing the ranker learns, selects or ranks; a poisoned split.valid does", async () => {
    const start = (await runStage(data, "data.synthetic.movielens", { options: { preset: "tiny" }, seed: 3 })).outputs;
    const clean = await chain(start, () => {});
    const poisonedTest = await chain(start, (all) => (all["split.test"] = poisonOf(all, "split.test")));
    expect(bytesOf(poisonedTest["split.test"]!)).not.toBe(bytesOf(clean["split.test"]!));
    for (const name of FUNNEL) expect(bytesOf(poisonedTest[name]!)).toBe(bytesOf(clean[name]!));
    const poisonedValid = await chain(start, (all) => (all["split.valid"] = poisonOf(all, "split.valid")));
    // SimpleX never reads split.valid (no early stopping on the ranker's labels); only rank.exclude's test list does
    expect(bytesOf(poisonedValid["recs.simplex-all"]!)).toBe(bytesOf(clean["recs.simplex-all"]!));
    expect(bytesOf(poisonedValid["recs.simplex"]!)).not.toBe(bytesOf(clean["recs.simplex"]!));
    expect(bytesOf(poisonedValid["candidates.train"]!)).not.toBe(bytesOf(clean["candidates.train"]!));
    expect(bytesOf(poisonedValid["recs.gbdt"]!)).not.toBe(bytesOf(clean["recs.gbdt"]!));
  }, 120_000);

  test("examples/movielens-rank.yaml runs on synthetic data; in its manifest only eval stages read split.test", async () => {
    const out = tempDir("shortlist-rank-");
    const r = await shortlist(["run", example, "--out", out, "--set", "stages[data.movielens].with.path=synthetic:tiny"]);
    expect(r.stderr + r.stdout).not.toContain("error");
    expect(r.code).toBe(0);
    const stages = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stages as Record<string, { inputs: Record<string, unknown>; outputs: Record<string, unknown> }>;
    const producer = new Map<string, string>();
    for (const [id, s] of Object.entries(stages)) for (const o of Object.keys(s.outputs)) producer.set(o, id);
    const readers = Object.entries(stages).filter(([, s]) => "split.test" in s.inputs).map(([id]) => id);
    expect(readers.length).toBeGreaterThan(0);
    for (const id of readers) expect(id.startsWith("eval.")).toBe(true);
    // everything recs.gbdt derives from
    const seen = new Set<string>();
    const walk = (artifact: string) => {
      const id = producer.get(artifact);
      if (!id || seen.has(id)) return;
      seen.add(id);
      for (const input of Object.keys(stages[id]!.inputs)) walk(input);
    };
    walk("recs.gbdt");
    expect(seen.has("rank.candidates")).toBe(true);
    for (const id of seen) expect(Object.keys(stages[id]!.inputs)).not.toContain("split.test");
    const m = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")).stages;
    for (const e of ["eval.popular", "eval.itemcf", "eval.swing", "eval.simplex", "eval.gbdt"]) expect(m[e]["recall@10"]).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
