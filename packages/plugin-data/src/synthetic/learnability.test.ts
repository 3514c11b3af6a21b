/**
 * Done-when: the planted structure is learnable. On a leave-last-out split of synthetic ML-100K-sized
 * data, an oracle that knows the planted factors must clearly beat the popularity baseline, both
 * scored by the shared metrics; the test prints by how much.
 */
import { expect, test } from "bun:test";
import { evaluateTopK } from "@shortlist/runner/metrics";
import type { Table } from "@shortlist/runner";
import { featuresOptions } from "../features/options.ts";
import { generateFeatures } from "../features/stage.ts";
import { TIME_FIRST, TIME_LAST } from "./ml-vocabulary.ts";
import { buildWorld, interactionsTable } from "./movielens.ts";
import { affinity, proposalProbability, tasteOf } from "./taste.ts";
import type { World } from "./world.ts";

const K = 10;

/** Per user: train items and last train time, from split.train (sorted by user, then time). */
function trainByUser(train: Table): Map<number, { items: Set<number>; last: number }> {
  const out = new Map<number, { items: Set<number>; last: number }>();
  const u = train.columns.user as Int32Array;
  const i = train.columns.item as Int32Array;
  const t = train.columns.timestamp as Int32Array;
  for (let r = 0; r < train.length; r++) {
    let e = out.get(u[r]!);
    if (!e) out.set(u[r]!, (e = { items: new Set(), last: 0 }));
    e.items.add(i[r]!);
    e.last = t[r]!;
  }
  return out;
}

function popularity(train: Table, users: Map<number, { items: Set<number> }>) {
  const counts = new Map<number, number>();
  for (const i of train.columns.item as Int32Array) counts.set(i, (counts.get(i) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([i]) => i);
  const user: number[] = [];
  const item: number[] = [];
  for (const [u, { items }] of users) {
    let k = 0;
    for (const i of ranked) if (k < K && !items.has(i)) (user.push(u), item.push(i), k++);
  }
  return { user: Int32Array.from(user), item: Int32Array.from(item) };
}

/** Ranks every unseen item by the planted choice model: log proposal probability + affinity / temperature. */
function oracle(world: World, users: Map<number, { items: Set<number>; last: number }>) {
  let total = 0;
  for (const p of world.itemPopularity) total += p;
  const user: number[] = [];
  const item: number[] = [];
  for (const [u, { items, last }] of users) {
    const taste = tasteOf(world, u);
    const f = taste.to > taste.from ? (last - taste.from) / (taste.to - taste.from) : 1;
    const g = (last - TIME_FIRST) / (TIME_LAST - TIME_FIRST);
    const scored: [number, number][] = [];
    for (let i = 0; i < world.items; i++) {
      if (items.has(i + 1)) continue;
      scored.push([i + 1, Math.log(proposalProbability(world, taste, i, total)) + affinity(world, taste, i, f, g) / world.params.temperature]);
    }
    scored.sort((a, b) => b[1] - a[1]);
    for (let k = 0; k < K; k++) (user.push(u), item.push(scored[k]![0]));
  }
  return { user: Int32Array.from(user), item: Int32Array.from(item) };
}

test("an oracle knowing the planted factors clearly beats popularity (leave-last-1, recall@10)", () => {
  const world = buildWorld({ users: 943, items: 1682, ratings: 100_000 }, 42);
  const out = generateFeatures(interactionsTable(world), undefined, undefined, featuresOptions.parse({}), 42);
  const train = out["split.train"] as Table;
  const testSplit = out["split.test"] as Table;
  const users = trainByUser(train);
  const truth = { user: testSplit.columns.user as Int32Array, item: testSplit.columns.item as Int32Array };
  const opts = { ks: [K], metrics: ["recall", "ndcg"] as const };
  const pop = evaluateTopK(popularity(train, users), truth, { ...opts, metrics: [...opts.metrics] }).values;
  const orc = evaluateTopK(oracle(world, users), truth, { ...opts, metrics: [...opts.metrics] }).values;
  const ratio = orc["recall@10"]! / pop["recall@10"]!;
  console.log(
    `learnability: recall@10 oracle ${orc["recall@10"]!.toFixed(4)} vs popularity ${pop["recall@10"]!.toFixed(4)} (${ratio.toFixed(1)}×, +${(orc["recall@10"]! - pop["recall@10"]!).toFixed(4)}); ` +
      `ndcg@10 ${orc["ndcg@10"]!.toFixed(4)} vs ${pop["ndcg@10"]!.toFixed(4)}`,
  );
  expect(pop["recall@10"]).toBeGreaterThan(0); // the baseline is not broken, just weaker
  expect(ratio).toBeGreaterThan(3);
  expect(orc["recall@10"]! - pop["recall@10"]!).toBeGreaterThan(0.08);
  expect(orc["ndcg@10"]!).toBeGreaterThan(2 * pop["ndcg@10"]!);
});
