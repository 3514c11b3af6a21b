import { describe, expect, test } from "bun:test";
import { createBackend, referenceSwingTopN, topListsDiffer, type TopK } from "@shortlist/core-gpu";
import { table, UserError, type Table } from "@shortlist/runner";
import { userItemMatrix } from "@shortlist/runner/recsys";
import { runStage, runStageStopped } from "@shortlist/runner/testing";
import plugin from "./index.ts";

import { seededRandom } from "@shortlist/core-gpu/random";
import { sampleItemUsers } from "./sample-users.ts";
import { swingUserWeights } from "./user-weights.ts";

/** A random interactions table over raw ids 1000+u and 50+i (some pairs repeated). */
function randomTable(seed: number, users: number, items: number, perUser: number): Table {
  const rand = seededRandom(seed);
  const user: number[] = [];
  const item: number[] = [];
  const ts: number[] = [];
  for (let u = 0; u < users; u++) {
    for (let k = 0; k < perUser; k++) {
      user.push(1000 + u);
      item.push(50 + Math.floor(rand() * rand() * items));
      ts.push(Math.floor(rand() * 1e6));
    }
  }
  return table({ user: Int32Array.from(user), item: Int32Array.from(item), timestamp: Int32Array.from(ts) });
}

/** The stage's i2i table as a TopK over the sorted raw item ids. */
function asTopK(t: Table, items: number[], k: number): TopK {
  const pos = new Map(items.map((v, d) => [v, d]));
  const out: TopK = { rows: items.length, k, ids: new Int32Array(items.length * k).fill(-1), scores: new Float32Array(items.length * k).fill(-Infinity) };
  const it = t.columns.item as Int32Array;
  for (let r = 0; r < t.length; r++) {
    const slot = pos.get(it[r]!)! * k + (t.columns.rank as Int32Array)[r]!;
    out.ids[slot] = pos.get((t.columns.neighbour as Int32Array)[r]!)!;
    out.scores[slot] = (t.columns.score as Float32Array)[r]!;
  }
  return out;
}

/** Swing straight from the definition over raw rows (no caps): s(i,j) = |U_j|^(−γ) Σ_{u≠v ∈ U_i∩U_j} w_u w_v / (α + |I_u ∩ I_v|). */
function bruteForce(t: Table, alpha: number, alpha1: number, beta: number, k: number, gamma = 0): { top: TopK; items: number[] } {
  const byUser = new Map<number, Set<number>>();
  const user = t.columns.user as Int32Array;
  const item = t.columns.item as Int32Array;
  for (let r = 0; r < t.length; r++) {
    if (!byUser.has(user[r]!)) byUser.set(user[r]!, new Set());
    byUser.get(user[r]!)!.add(item[r]!);
  }
  const items = [...new Set(item)].sort((a, b) => a - b);
  const users = [...byUser.keys()];
  const w = (u: number) => Math.pow(byUser.get(u)!.size + alpha1, -beta);
  const top: TopK = { rows: items.length, k, ids: new Int32Array(items.length * k).fill(-1), scores: new Float32Array(items.length * k).fill(-Infinity) };
  items.forEach((i, d) => {
    const scores: Array<[number, number]> = [];
    items.forEach((j, dj) => {
      if (j === i) return;
      let s = 0;
      let pairs = 0;
      for (const u of users) {
        for (const v of users) {
          const iu = byUser.get(u)!;
          const iv = byUser.get(v)!;
          if (u === v || !iu.has(i) || !iu.has(j) || !iv.has(i) || !iv.has(j)) continue;
          const overlap = [...iu].filter((x) => iv.has(x)).length;
          s += (w(u) * w(v)) / (alpha + overlap);
          pairs++;
        }
      }
      const popularity = users.filter((u) => byUser.get(u)!.has(j)).length;
      if (pairs > 0) scores.push([dj, s * Math.pow(popularity, -gamma)]);
    });
    scores.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    scores.slice(0, k).forEach(([dj, s], r) => {
      top.ids[d * k + r] = dj;
      top.scores[d * k + r] = s;
    });
  });
  return { top, items };
}

describe("recall.swing", () => {
  test("without binding caps, the stage matches Swing computed from its definition", async () => {
    const t = randomTable(1, 25, 15, 6);
    const { outputs } = await runStage(plugin, "recall.swing", { inputs: { "split.train": t }, options: { neighbours: 5, alpha: 0.5, alpha1: 2, beta: 0.4 } });
    const { top, items } = bruteForce(t, 0.5, 2, 0.4, 5);
    expect(topListsDiffer(asTopK(outputs["i2i.swing"] as Table, items, 5), top, 1e-5)).toEqual([]);
    expect(top.ids.some((id) => id >= 0)).toBe(true);
  });

  test("popularityExponent discounts each neighbour by its number of users", async () => {
    const t = randomTable(5, 25, 12, 6);
    const { outputs } = await runStage(plugin, "recall.swing", { inputs: { "split.train": t }, options: { neighbours: 4, popularityExponent: 1.3 } });
    const { top, items } = bruteForce(t, 1, 5, 0.3, 4, 1.3);
    expect(topListsDiffer(asTopK(outputs["i2i.swing"] as Table, items, 4), top, 1e-5)).toEqual([]);
  });

  test("with both caps binding, the stage gives the reference kernel's top lists on the same capped, sampled data", async () => {
    const t = randomTable(2, 40, 20, 12);
    const options = { neighbours: 6, maxUsersPerItem: 8, maxItemsPerUser: 7 };
    const { outputs, logs } = await runStage(plugin, "recall.swing", { inputs: { "split.train": t }, options, seed: 9 });
    const { items, x } = userItemMatrix(t, "t", 7);
    const { itemUsers } = sampleItemUsers(x, 8, 9, items);
    const want = referenceSwingTopN(x, { topN: 6, alpha: 1, userWeights: swingUserWeights(x, 5, 0.3), itemUsers });
    expect(topListsDiffer(asTopK(outputs["i2i.swing"] as Table, Array.from(items), 6), want, 1e-5)).toEqual([]);
    expect(logs.join("\n")).toMatch(/users cut to their 7 latest items, [1-9]\d* items' users sampled to 8/);
  });

  test("the seed decides the sample: same seed, same lists; another seed, other lists", async () => {
    const t = randomTable(3, 60, 10, 8);
    const run = async (seed: number) => (await runStage(plugin, "recall.swing", { inputs: { "split.train": t }, options: { maxUsersPerItem: 5 }, seed })).outputs["i2i.swing"] as Table;
    const a = await run(1);
    expect(Array.from((await run(1)).columns.score as Float32Array)).toEqual(Array.from(a.columns.score as Float32Array));
    expect(Array.from((await run(2)).columns.score as Float32Array)).not.toEqual(Array.from(a.columns.score as Float32Array));
  });

  test("the WebGPU backend gives the CPU backend's lists (lavapipe here)", async () => {
    let gpu;
    try {
      gpu = await createBackend("webgpu", { log: () => {} });
    } catch (e) {
      return void console.warn(`skipped (no WebGPU adapter): ${e instanceof Error ? e.message : e}`);
    }
    try {
      const t = randomTable(6, 50, 30, 10);
      const options = { neighbours: 8, maxUsersPerItem: 12, popularityExponent: 1 };
      const items = Array.from(new Set(t.columns.item as Int32Array)).sort((a, b) => a - b);
      const gpuRun = await runStage(plugin, "recall.swing", { inputs: { "split.train": t }, options, backend: gpu });
      expect(gpuRun.logs.join("\n")).toContain("users on webgpu");
      const onGpu = gpuRun.outputs["i2i.swing"] as Table;
      const onCpu = (await runStage(plugin, "recall.swing", { inputs: { "split.train": t }, options })).outputs["i2i.swing"] as Table;
      expect(topListsDiffer(asTopK(onGpu, items, 8), asTopK(onCpu, items, 8), 1e-5)).toEqual([]);
    } finally {
      await gpu.dispose();
    }
  });

  test("bad options and input are user errors", async () => {
    const t = randomTable(4, 5, 5, 3);
    await expect(runStage(plugin, "recall.swing", { inputs: { "split.train": t }, options: { maxUsersPerItem: 1 } })).rejects.toThrow(UserError);
    await expect(runStage(plugin, "recall.swing", { inputs: { "split.train": t }, options: { alpha: -1 } })).rejects.toThrow(UserError);
    await expect(runStage(plugin, "recall.swing", { inputs: { "split.train": table({ item: new Int32Array([1]) }) } })).rejects.toThrow('has no column "user"');
  });
});

test("recall.swing stops between blocks of items when the run is stopped (ctx.signal)", async () => {
  const user = Int32Array.from({ length: 20_000 }, (_, i) => i % 500);
  const item = Int32Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 800);
  const { error, reports } = await runStageStopped(plugin, "recall.swing", { inputs: { "split.train": table({ user, item }) } });
  expect(error?.message).toBe("stopped by the test");
  expect(reports).toBeGreaterThan(0);
});
