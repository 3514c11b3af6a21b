/**
 * How much a recall model can learn from synthetic Ali-CCP with the planted signal, under the
 * protocol of examples/batch-recs.yaml (1,000,000 impressions, clicks only, each user's clicks
 * split 80/10/10, training and validation items excluded): recall@10 of an oracle that ranks
 * every item by the generator's own model (log impression frequency + log true click
 * probability at the mean position) against popularity's, per planted strength.
 *
 *   bun bench/aliccp-ceiling.ts            # strengths 3 (the default), 6, 10
 *   bun bench/aliccp-ceiling.ts 3          # one strength
 *
 * bench/aliccp-twotower.ts scores the same oracle beside recall.twotower and popularity.
 */
import { featuresOptions } from "../packages/plugin-data/src/features/options.ts";
import { generateFeatures } from "../packages/plugin-data/src/features/stage.ts";
import { generateAliCcp, PlantedModel } from "../packages/plugin-data/src/synthetic/aliccp.ts";
import { table, type Table } from "@shortlist/runner";

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Item sets per user of a split. */
function byUser(t: Table): Map<number, Set<number>> {
  const m = new Map<number, Set<number>>();
  const [u, it] = [t.columns.user as Int32Array, t.columns.item as Int32Array];
  u.forEach((x, r) => m.set(x, (m.get(x) ?? new Set()).add(it[r]!)));
  return m;
}

function ceiling(strength: number, rows = 1_000_000, seed = 42) {
  const o = { rows, signal: "planted" as const, seed, clickRate: 0.1, conversionRate: 0.05, strength, dims: 8 };
  const cols = generateAliCcp(o);
  const interactions = table({ user: cols.user_id!, item: cols.item_id!, rating: Float32Array.from(cols.click!), timestamp: Int32Array.from({ length: rows }, (_, r) => 1_500_000_000 + r) });
  const out = generateFeatures(interactions, undefined, undefined, featuresOptions.parse({ minRating: 1, split: "ratio", ratios: [0.8, 0.1, 0.1] }), seed);
  const model = new PlantedModel(o);
  const impressions = new Map<number, number>();
  for (const i of cols.item_id!) impressions.set(i, (impressions.get(i) ?? 0) + 1);
  const [train, valid, test] = ["split.train", "split.valid", "split.test"].map((s) => byUser(out[s] as Table)) as [Map<number, Set<number>>, Map<number, Set<number>>, Map<number, Set<number>>];
  const counts = new Map<number, number>();
  for (const i of (out["split.train"] as Table).columns.item as Int32Array) counts.set(i, (counts.get(i) ?? 0) + 1);
  const items = [...counts.keys()];
  const popular = [...items].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b);
  let [oracle, pop, users] = [0, 0, 0];
  for (const [u, truth] of test) {
    if (!train.has(u)) continue;
    const seen = new Set([...train.get(u)!, ...(valid.get(u) ?? [])]);
    const top = items.filter((i) => !seen.has(i))
      .map((i) => [i, Math.log(impressions.get(i)!) + Math.log(sigmoid(model.clickLogit(u, i, 1.5)))] as const)
      .sort((a, b) => b[1] - a[1]).slice(0, 10).map(([i]) => i);
    oracle += top.filter((i) => truth.has(i)).length / truth.size;
    pop += popular.filter((i) => !seen.has(i)).slice(0, 10).filter((i) => truth.has(i)).length / truth.size;
    users++;
  }
  return { strength, users, oracle: oracle / users, popularity: pop / users };
}

const strengths = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [3, 6, 10];
console.log("strength  users  oracle R@10  popularity R@10  ratio");
for (const s of strengths) {
  const r = ceiling(s);
  console.log(`${String(r.strength).padStart(8)}  ${String(r.users).padStart(5)}  ${r.oracle.toFixed(4).padStart(11)}  ${r.popularity.toFixed(4).padStart(15)}  ${(r.oracle / r.popularity).toFixed(2).padStart(5)}`);
}
