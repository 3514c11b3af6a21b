/**
 * recall.twotower against popularity and the planted oracle on synthetic Ali-CCP, under the
 * protocol of examples/batch-recs.yaml (clicks only, each user's clicks split 80/10/10, training
 * items excluded on validation, training and validation items on test), per planted strength.
 * One training per strength gives both splits: the stage ranks top 200 with training items
 * excluded; validation scores that list, test scores it with the user's validation items removed.
 * The oracle ranks by the generator's own model (log impressions + log true click probability,
 * as bench/aliccp-ceiling.ts); every side is scored by the runner's evaluateTopK.
 *
 *   bun bench/aliccp-twotower.ts 10                   # strengths; ROWS=1000000 SEED=42 by default
 *   SEEDS=42,1,2 bun bench/aliccp-twotower.ts 10      # several seeds, then the mean of each side's ratio
 *   TT='{"epochs":2,"lr":0.01}' bun bench/aliccp-twotower.ts 3   # recall.twotower options (JSON; Merlin's)
 *   FACTORS=features IDSHARE=0.1 CLICK_RATE=0.1 bun bench/aliccp-twotower.ts 10   # generator options
 *   EXPOSURE_SHARE=0.5 EXPOSURE_T=1 bun bench/aliccp-twotower.ts 10   # exposure "personalised" (share, temperature)
 *   BREAKDOWN=1 bun bench/aliccp-twotower.ts 10        # recall@10 per bucket of the user's training clicks
 *
 * Under EXPOSURE_SHARE > 0 the oracle's exposure term is the generator's own log P(impression of
 * the item | user) instead of log impression frequency.
 *
 * Under FACTORS=features a second oracle ("features") ranks by the factors' feature parts alone.
 * Under EXPOSURE_SHARE > 0 two more do not know each user's pool of exposure draws: "expected"
 * (the true factors, exposure as its expectation over pools) and "exp.feat" (the same from the
 * factors' feature parts alone: what a model could learn from the features at best).
 * Choose options on the valid column; TEST=1 adds the test column, for the one configuration chosen.
 */
import data from "@shortlist/plugin-data";
import twotower from "@shortlist/plugin-twotower";
import type { Artifact, Table } from "@shortlist/runner";
import { evaluateTopK } from "@shortlist/runner/metrics";
import { runStage } from "@shortlist/runner/testing";
import { byUser, describeGenerator, GENERATOR, plantedOracles } from "./lib/aliccp-oracle.ts";

const ROWS = Number(process.env.ROWS ?? 1_000_000);
/** SEEDS=42,1,2 runs each seed (data and split) and prints the mean of the ratios; SEED=n one seed. */
const SEEDS = (process.env.SEEDS ?? process.env.SEED ?? "42").split(",").map(Number);
/** split.test figures only with TEST=1: choose options on validation, then read test once. */
const SHOW_TEST = process.env.TEST === "1";
/** The example's recall.twotower options; TT (JSON) overrides them. */
const OPTIONS = { tower: [128, 64], batchSize: 4096, epochs: 14, patience: 3, lr: 0.003, idDim: 32, featureDim: 16, minIdCount: 20, logQ: true, ...JSON.parse(process.env.TT ?? "{}"), k: 200, exclude: [] };

type Recs = { user: Int32Array; item: Int32Array; rank: Int32Array };
type Lists = Map<number, number[]>;

/** Top-10 lists as a recs table, dropping `drop`'s items of each user first. */
function recs(lists: Lists, drop?: Map<number, Set<number>>): Recs {
  const [user, item, rank]: [number[], number[], number[]] = [[], [], []];
  for (const [u, l] of lists) l.filter((i) => !drop?.get(u)?.has(i)).slice(0, 10).forEach((i, r) => (user.push(u), item.push(i), rank.push(r + 1)));
  return { user: Int32Array.from(user), item: Int32Array.from(item), rank: Int32Array.from(rank) };
}

/** BREAKDOWN=1: recall@10 per bucket of the user's training clicks (analysis; chooses nothing). */
const BREAKDOWN = process.env.BREAKDOWN === "1";
const BUCKETS: [string, number, number][] = [["1 training click", 1, 1], ["2–4", 2, 4], ["5–19", 5, 19], ["20+", 20, Infinity]];

/** The rows of `t` whose user has lo..hi training clicks. */
function bucket(t: Table, clicks: Map<number, number>, lo: number, hi: number): Table {
  const u = t.columns.user as Int32Array, it = t.columns.item as Int32Array;
  const keep = Array.from(u.keys()).filter((r) => { const c = clicks.get(u[r]!) ?? 0; return c >= lo && c <= hi; });
  return { ...t, length: keep.length, columns: { user: Int32Array.from(keep, (r) => u[r]!), item: Int32Array.from(keep, (r) => it[r]!) } } as Table;
}

const recall = (r: Recs, t: Table) => evaluateTopK(r, { user: t.columns.user as Int32Array, item: t.columns.item as Int32Array }, { ks: [10], metrics: ["recall"] }).values["recall@10"]!;

/** Each training user's items (of `items`) by descending score, training items excluded. */
function ranked(train: Map<number, Set<number>>, items: number[], score: (u: number, i: number) => number): Lists {
  const out: Lists = new Map();
  for (const [u, seen] of train) out.set(u, items.filter((i) => !seen.has(i)).map((i) => [i, score(u, i)] as const).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 200).map(([i]) => i));
  return out;
}

async function measure(strength: number, seed: number) {
  const src = await runStage(data, "data.synthetic.aliccp", { options: { rows: ROWS, strength, ...GENERATOR }, seed });
  const feats = await runStage(data, "data.features", { inputs: src.outputs, options: { minRating: 1, split: "ratio", ratios: [0.8, 0.1, 0.1] }, seed });
  const a = { ...src.outputs, ...feats.outputs } as Record<string, Artifact>;
  const [trainT, validT, testT] = ["split.train", "split.valid", "split.test"].map((s) => a[s] as Table) as [Table, Table, Table];
  const [train, valid] = [byUser(trainT), byUser(validT)];
  const counts = new Map<number, number>();
  for (const i of trainT.columns.item as Int32Array) counts.set(i, (counts.get(i) ?? 0) + 1);
  const impressions = new Map<number, number>();
  for (const i of (a.impressions as Table).columns.item_id as Int32Array) impressions.set(i, (impressions.get(i) ?? 0) + 1);
  const o = { rows: ROWS, signal: "planted" as const, seed, dims: 8, conversionRate: 0.05, strength, ...GENERATOR };
  const items = [...counts.keys()];
  const oracles = plantedOracles(o, impressions, items);
  const sides: Record<string, Lists> = {
    popularity: ranked(train, items, (_, i) => counts.get(i)!),
    oracle: ranked(train, items, oracles.oracle),
  };
  if (oracles.features) sides.features = ranked(train, items, oracles.features);
  if (oracles.expected) sides.expected = ranked(train, items, oracles.expected);
  if (oracles.expectedFeatures) sides["exp.feat"] = ranked(train, items, oracles.expectedFeatures);
  const t0 = performance.now();
  const tt = await runStage(twotower, "recall.twotower", { inputs: a, options: OPTIONS, seed });
  const seconds = (performance.now() - t0) / 1000;
  const r = tt.outputs["recs.twotower"] as Table;
  const lists: Lists = new Map();
  (r.columns.user as Int32Array).forEach((u, k) => lists.set(u, [...(lists.get(u) ?? []), (r.columns.item as Int32Array)[k]!]));
  sides.twotower = lists;
  const curve = tt.logs.filter((l) => /epoch/.test(l));
  const signal = learned(tt.outputs["emb.twotower.user"] as Table, tt.outputs["emb.twotower.item"] as Table, items, (i) => Math.log(impressions.get(i)!), (u, i) => oracles.model.clickLogit(u, i, 1.5));
  if (BREAKDOWN) {
    const clicks = new Map<number, number>();
    for (const u of trainT.columns.user as Int32Array) clicks.set(u, (clicks.get(u) ?? 0) + 1);
    for (const [name, lo, hi] of BUCKETS) {
      const [v, t] = [bucket(validT, clicks, lo, hi), bucket(testT, clicks, lo, hi)];
      const users = (x: Table) => new Set(x.columns.user as Int32Array).size;
      const cell = (k: string) => `${k} ${recall(recs(sides[k]!), v).toFixed(3)} / ${SHOW_TEST ? recall(recs(sides[k]!, valid), t).toFixed(3) : "–"}`;
      console.log(`  ${name.padEnd(16)} users valid ${users(v)} / test ${users(t)}; R@10 valid / test: ${Object.keys(sides).map(cell).join(", ")}`);
    }
  }
  const res = Object.fromEntries(Object.entries(sides).map(([k, l]) => [k, { valid: recall(recs(l), validT), test: recall(recs(l, valid), testT) }]));
  return { strength, clicks: trainT.length, res, seconds, curve, signal };
}

const strengths = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [3, 10];
console.log(`rows ${ROWS}, seeds ${SEEDS.join(", ")}, ${describeGenerator()}, recall.twotower ${JSON.stringify(OPTIONS)}`);
const f = (x: number) => x.toFixed(4);
for (const s of strengths) {
  const ratios = new Map<string, { valid: number[]; test: number[] }>();
  for (const seed of SEEDS) {
    const m = await measure(s, seed);
    for (const l of m.curve) console.log(`  ${l}`);
    const p = m.res.popularity!;
    console.log(`strength ${s}, seed ${seed}: ${m.clicks} training clicks, two-tower ${m.seconds.toFixed(1)} s`);
    console.log(`  two-tower score vs planted, mean per-user correlation over training items: log impressions ${f(m.signal.popularity)}, click logit ${f(m.signal.affinity)} (the oracle's: ${f(m.signal.oracleAffinity)}), oracle ${f(m.signal.oracle)}`);
    for (const [k, v] of Object.entries(m.res)) {
      const t = SHOW_TEST ? `  test R@10 ${f(v.test)} (${(v.test / p.test).toFixed(2)}×)` : "";
      console.log(`  ${k.padEnd(10)} valid R@10 ${f(v.valid)} (${(v.valid / p.valid).toFixed(2)}×)${t}`);
      const r = ratios.get(k) ?? { valid: [], test: [] };
      r.valid.push(v.valid / p.valid), r.test.push(v.test / p.test), ratios.set(k, r);
    }
  }
  if (SEEDS.length < 2) continue;
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  console.log(`strength ${s}, mean ratio to popularity over seeds ${SEEDS.join(", ")}:`);
  for (const [k, r] of ratios) console.log(`  ${k.padEnd(10)} valid ${mean(r.valid).toFixed(2)}×${SHOW_TEST ? `  test ${mean(r.test).toFixed(2)}×` : ""}`);
}

/** Mean over users of the Pearson correlation between the towers' dot product and each planted part, over `items`. */
function learned(ue: Table, ie: Table, items: number[], logImpressions: (i: number) => number, clickLogit: (u: number, i: number) => number) {
  const vec = (t: Table, key: string) => {
    const cols = Object.keys(t.columns).filter((c) => /^e\d+$/.test(c)).map((c) => t.columns[c] as Float32Array);
    return new Map(Array.from(t.columns[key] as Int32Array, (id, r) => [id, cols.map((c) => c[r]!)]));
  };
  const [U, I] = [vec(ue, "user"), vec(ie, "item")];
  const corr = (a: number[], b: number[]) => {
    const [ma, mb] = [a.reduce((s, x) => s + x, 0) / a.length, b.reduce((s, x) => s + x, 0) / b.length];
    let [ab, aa, bb] = [0, 0, 0];
    a.forEach((x, k) => ((ab += (x - ma) * (b[k]! - mb)), (aa += (x - ma) ** 2), (bb += (b[k]! - mb) ** 2)));
    return ab / Math.sqrt(aa * bb);
  };
  const sums = { popularity: 0, affinity: 0, oracle: 0, oracleAffinity: 0 };
  for (const [u, uv] of U) {
    const score = items.map((i) => I.get(i)!.reduce((s, x, d) => s + x * uv[d]!, 0));
    const pop = items.map(logImpressions);
    const aff = items.map((i) => clickLogit(u, i));
    sums.popularity += corr(score, pop);
    sums.affinity += corr(score, aff);
    const oracle = items.map((_, k) => pop[k]! + Math.log(1 / (1 + Math.exp(-aff[k]!))));
    sums.oracle += corr(score, oracle);
    sums.oracleAffinity += corr(oracle, aff);
  }
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / U.size])) as typeof sums;
}
