/**
 * How much a recall model can learn from synthetic Ali-CCP with the planted signal, under the
 * protocol of examples/batch-recs.yaml (1,000,000 impressions, clicks only, each user's clicks
 * split 80/10/10, training and validation items excluded): recall@10 of an oracle that ranks
 * every item by the generator's own model (log impression frequency + log true click
 * probability at the mean position) against popularity's, per planted strength, on split.valid
 * (training items excluded) and split.test (training and validation items excluded). Choose
 * generator settings on the valid rows (TEST=1 adds the test rows, for the one setting chosen).
 *
 *   bun bench/aliccp-ceiling.ts            # strengths 3 (the default), 6, 10
 *   bun bench/aliccp-ceiling.ts 3          # one strength
 *   FACTORS=features bun bench/aliccp-ceiling.ts 3 10   # factors tied to the features (IDSHARE=0.1 default)
 *   CLICK_RATE=0.03 bun bench/aliccp-ceiling.ts 10      # the generator's clickRate (default 0.1)
 *
 *   EXPOSURE_SHARE=0.5 EXPOSURE_T=1 bun bench/aliccp-ceiling.ts 10   # exposure "personalised" (share, temperature)
 *
 * Under EXPOSURE_SHARE > 0 the oracles' exposure term is the generator's own log P(impression of
 * the item | user) (global lognormal plus the user's pool) instead of log impression frequency.
 * Under FACTORS=features a second oracle ranks by the factors' feature parts alone (what a model
 * seeing only the features could know at best; the column "features").
 *
 * bench/aliccp-twotower.ts scores the same oracle beside recall.twotower and popularity.
 */
import { featuresOptions } from "../packages/plugin-data/src/features/options.ts";
import { generateFeatures } from "../packages/plugin-data/src/features/stage.ts";
import { generateAliCcp } from "../packages/plugin-data/src/synthetic/aliccp.ts";
import { table, type Table } from "@shortlist/runner";
import { byUser, describeGenerator, GENERATOR, plantedOracles } from "./lib/aliccp-oracle.ts";

const SEED = Number(process.env.SEED ?? 42);

function ceiling(strength: number, rows = 1_000_000, seed = SEED) {
  const o = { rows, signal: "planted" as const, seed, conversionRate: 0.05, strength, dims: 8, ...GENERATOR };
  const cols = generateAliCcp(o);
  const interactions = table({ user: cols.user_id!, item: cols.item_id!, rating: Float32Array.from(cols.click!), timestamp: Int32Array.from({ length: rows }, (_, r) => 1_500_000_000 + r) });
  const out = generateFeatures(interactions, undefined, undefined, featuresOptions.parse({ minRating: 1, split: "ratio", ratios: [0.8, 0.1, 0.1] }), seed);
  const impressions = new Map<number, number>();
  for (const i of cols.item_id!) impressions.set(i, (impressions.get(i) ?? 0) + 1);
  const oracles = plantedOracles(o, impressions);
  const [train, valid, test] = ["split.train", "split.valid", "split.test"].map((s) => byUser(out[s] as Table)) as [Map<number, Set<number>>, Map<number, Set<number>>, Map<number, Set<number>>];
  const counts = new Map<number, number>();
  for (const i of (out["split.train"] as Table).columns.item as Int32Array) counts.set(i, (counts.get(i) ?? 0) + 1);
  const items = [...counts.keys()];
  const popular = [...items].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b);
  const top10 = (candidates: number[], score: (i: number) => number) =>
    candidates.map((i) => [i, score(i)] as const).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([i]) => i);
  /** Mean recall@10 over the split's users: training items (and `also`'s) excluded from ranking. */
  const score = (split: Map<number, Set<number>>, also?: Map<number, Set<number>>) => {
    let [oracle, features, pop, users] = [0, 0, 0, 0];
    for (const [u, truth] of split) {
      if (!train.has(u)) continue;
      const seen = new Set([...train.get(u)!, ...(also?.get(u) ?? [])]);
      const candidates = items.filter((i) => !seen.has(i));
      const hits = (top: number[]) => top.filter((i) => truth.has(i)).length / truth.size;
      oracle += hits(top10(candidates, (i) => oracles.oracle(u, i)));
      if (oracles.features) features += hits(top10(candidates, (i) => oracles.features!(u, i)));
      pop += hits(popular.filter((i) => !seen.has(i)).slice(0, 10));
      users++;
    }
    return { users, oracle: oracle / users, features: features / users, popularity: pop / users };
  };
  return { strength, clicks: (out["split.train"] as Table).length, valid: score(valid), test: score(test, valid) };
}

const strengths = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [3, 6, 10];
console.log(`${describeGenerator()}, seed ${SEED}`);
console.log("strength  split  users  oracle R@10  popularity R@10  ratio  features-only R@10  ratio");
for (const s of strengths) {
  const c = ceiling(s);
  console.log(`strength ${s}: ${c.clicks} training clicks`);
  const rows: [string, typeof c.valid][] = [["valid", c.valid], ...(process.env.TEST === "1" ? ([["test", c.test]] as [string, typeof c.valid][]) : [])];
  for (const [split, r] of rows) {
    const f = GENERATOR.factors === "features" ? `  ${r.features.toFixed(4).padStart(18)}  ${(r.features / r.popularity).toFixed(2).padStart(5)}` : "";
    console.log(`${String(s).padStart(8)}  ${split.padStart(5)}  ${String(r.users).padStart(5)}  ${r.oracle.toFixed(4).padStart(11)}  ${r.popularity.toFixed(4).padStart(15)}  ${(r.oracle / r.popularity).toFixed(2).padStart(5)}${f}`);
  }
}
