/**
 * recall.twotower end to end on small planted data shaped like Ali-CCP (integer user and item
 * features derived from the ids, clicks from a latent affinity the features carry): it must learn,
 * write every artifact in its contract, resume from a checkpoint, and refuse bad input.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rng } from "@shortlist/core-gpu/nn";
import { API_VERSION, definePlugin, table, UserError, type JsonArtifact, type Table } from "@shortlist/runner";
import { runStage, runStageStopped } from "@shortlist/runner/testing";
import { twotowerStage } from "./stage.ts";

const plugin = definePlugin({ name: "twotower-test", version: "0.0.0", apiVersion: API_VERSION, stages: { "recall.twotower": twotowerStage } });

/**
 * Users and items in 8 latent groups (a group = a "category"): a user clicks items of its own
 * group 85% of the time, otherwise any item ∝ popularity. The group is visible as a feature.
 */
function planted(seed: number, nUsers = 400, nItems = 240, perUser = 12) {
  const rng = new Rng(seed);
  const groups = 8;
  const userGroup = Int32Array.from({ length: nUsers }, () => rng.int(groups));
  const itemGroup = Int32Array.from({ length: nItems }, () => rng.int(groups));
  const pop = Float64Array.from({ length: nItems }, () => Math.exp(rng.normal()));
  const byGroup = Array.from({ length: groups }, (_, g) => [...itemGroup.keys()].filter((i) => itemGroup[i] === g));
  const pick = (list: number[]) => {
    const total = list.reduce((s, i) => s + pop[i]!, 0);
    let x = rng.float() * total;
    for (const i of list) if ((x -= pop[i]!) <= 0) return i;
    return list[list.length - 1]!;
  };
  const all = [...itemGroup.keys()];
  const rows: { u: number; i: number; split: number }[] = [];
  for (let u = 0; u < nUsers; u++) {
    const got = new Set<number>();
    while (got.size < perUser) got.add(rng.float() < 0.85 ? pick(byGroup[userGroup[u]!]!) : pick(all));
    [...got].forEach((i, k) => rows.push({ u: 1000 + u, i: 5000 + i, split: k < perUser - 3 ? 0 : k < perUser - 2 ? 1 : 2 }));
  }
  const part = (s: number) => {
    const r = rows.filter((x) => x.split === s);
    return table({ user: Int32Array.from(r, (x) => x.u), item: Int32Array.from(r, (x) => x.i), timestamp: Int32Array.from(r, (_, k) => k) });
  };
  return {
    train: part(0),
    valid: part(1),
    test: part(2),
    users: table({ user: Int32Array.from({ length: nUsers }, (_, u) => 1000 + u), user_group: userGroup, user_gender: Int32Array.from({ length: nUsers }, () => rng.int(3)) }),
    items: table({ item: Int32Array.from({ length: nItems }, (_, i) => 5000 + i), item_category: itemGroup, genres: Array.from({ length: nItems }, (_, i) => `category ${itemGroup[i]}`) }),
  };
}

/** Mean recall@k of a recs table against a held-out table. */
function recallAt(recs: Table, held: Table, k: number): number {
  const truth = new Map<number, Set<number>>();
  const [hu, hi] = [held.columns.user as Int32Array, held.columns.item as Int32Array];
  hu.forEach((u, r) => truth.set(u, (truth.get(u) ?? new Set()).add(hi[r]!)));
  const hits = new Map<number, number>();
  const [ru, rr, ri] = [recs.columns.user as Int32Array, recs.columns.rank as Int32Array, recs.columns.item as Int32Array];
  ru.forEach((u, r) => {
    if (rr[r]! <= k && truth.get(u)?.has(ri[r]!)) hits.set(u, (hits.get(u) ?? 0) + 1);
  });
  let sum = 0;
  for (const [u, t] of truth) sum += (hits.get(u) ?? 0) / t.size;
  return sum / truth.size;
}

/** Popularity's recall@k: the most-trained items each user has not trained on. */
function popularityRecall(train: Table, held: Table, k: number): number {
  const counts = new Map<number, number>();
  for (const i of train.columns.item as Int32Array) counts.set(i, (counts.get(i) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([i]) => i);
  const seen = new Map<number, Set<number>>();
  (train.columns.user as Int32Array).forEach((u, r) => seen.set(u, (seen.get(u) ?? new Set()).add((train.columns.item as Int32Array)[r]!)));
  const [user, rank, item] = [[] as number[], [] as number[], [] as number[]];
  for (const [u, s] of seen) ranked.filter((i) => !s.has(i)).slice(0, k).forEach((i, r) => (user.push(u), rank.push(r + 1), item.push(i)));
  return recallAt(table({ user: Int32Array.from(user), rank: Int32Array.from(rank), item: Int32Array.from(item) }), held, k);
}

const OPTIONS = { batchSize: 256, epochs: 6, lr: 0.01, k: 20, engine: "cpu", threads: 1, exclude: ["split.valid"], l2Normalize: true, temperature: 0.1 };

describe("recall.twotower", () => {
  const d = planted(11);
  const inputs = { "split.train": d.train, "split.valid": d.valid, "split.test": d.test, users: d.users, items: d.items };

  test("learns planted groups: test recall@10 at least twice popularity's; every output in its contract", async () => {
    const { outputs, logs } = await runStage(plugin, "recall.twotower", { inputs, options: OPTIONS });
    const recs = outputs["recs.twotower"] as Table;
    const ours = recallAt(recs, d.test, 10);
    const pop = popularityRecall(d.train, d.test, 10);
    console.log(`planted groups: two-tower recall@10 ${ours.toFixed(4)}, popularity ${pop.toFixed(4)}`);
    expect(ours).toBeGreaterThanOrEqual(2 * pop);
    expect(logs.join("\n")).toContain("user_group");
    // 20 per user, ranks 1…20, training and validation items never recommended.
    expect(recs.length).toBe(400 * 20);
    const [u, r, i] = [recs.columns.user as Int32Array, recs.columns.rank as Int32Array, recs.columns.item as Int32Array];
    expect(Array.from(r.subarray(0, 20))).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
    const banned = new Set([...Array.from(d.train.columns.user as Int32Array, (x, k) => `${x} ${(d.train.columns.item as Int32Array)[k]}`), ...Array.from(d.valid.columns.user as Int32Array, (x, k) => `${x} ${(d.valid.columns.item as Int32Array)[k]}`)]);
    for (let k = 0; k < recs.length; k++) expect(banned.has(`${u[k]} ${i[k]}`)).toBe(false);
    const emb = outputs["emb.twotower.item"] as Table;
    expect(emb.length).toBe(240);
    expect(Object.keys(emb.columns)).toEqual(["item", ...Array.from({ length: 64 }, (_, k) => `e${k}`)]);
    expect((outputs["emb.twotower.user"] as Table).length).toBe(400);
    expect(outputs["model.twotower.user-tower"]?.kind).toBe("blob");
    const log = (outputs["training.twotower"] as JsonArtifact).value as { metric: string; bestEpoch: number; epochs: unknown[] };
    expect(log.metric).toBe("recall@10");
    expect(log.bestEpoch).toBeGreaterThan(0);
  }, 60_000);

  test("a second attempt with the same work folder resumes and ends where one run ends", async () => {
    const workDir = mkdtempSync(join(tmpdir(), "twotower-resume-"));
    // Every random draw must replay, and the schedule's learning rate at every step.
    const options = { ...OPTIONS, epochs: 2, valid: "", batchSize: 1024, negatives: 16, logQ: true, dropout: 0.1, idDropout: 0.2, maxRowsPerUser: 6, lrSchedule: "cosine" };
    const once = await runStage(plugin, "recall.twotower", { inputs, options, workDir: mkdtempSync(join(tmpdir(), "twotower-once-")) });
    const killed = await runStageStopped(plugin, "recall.twotower", { inputs, options, workDir }); // stopped after epoch 1's checkpoint
    expect(killed.error?.message).toBe("stopped by the test");
    const resumed = await runStage(plugin, "recall.twotower", { inputs, options, workDir });
    expect(resumed.logs.join("\n")).toContain("resuming twotower after epoch 1");
    const scores = (r: typeof once) => Array.from((r.outputs["recs.twotower"] as Table).columns.score as Float32Array);
    expect(scores(resumed)).toEqual(scores(once));
  }, 60_000);

  test("maxRowsPerUser: an epoch trains on at most that many rows of each user, and the towers still learn", async () => {
    const { outputs, logs } = await runStage(plugin, "recall.twotower", { inputs, options: { ...OPTIONS, maxRowsPerUser: 4, epochs: 12, lrSchedule: "cosine" } });
    expect(logs.join("\n")).toContain("at most 4 rows of each user per epoch: 1600 of 3600 rows");
    const ours = recallAt(outputs["recs.twotower"] as Table, d.test, 10);
    expect(ours).toBeGreaterThanOrEqual(2 * popularityRecall(d.train, d.test, 10));
  }, 60_000);

  test("positives: every row (a repeated pair twice), or each distinct pair once", async () => {
    const [u, i] = [d.train.columns.user as Int32Array, d.train.columns.item as Int32Array];
    const twice = table({ user: Int32Array.from([...u, ...u.subarray(0, 100)]), item: Int32Array.from([...i, ...i.subarray(0, 100)]) });
    const run = async (positives: string) => (await runStage(plugin, "recall.twotower", { inputs: { ...inputs, "split.train": twice }, options: { ...OPTIONS, epochs: 1, positives } })).logs.join("\n");
    expect(await run("rows")).toContain("3700 positives (3700 rows, 3600 distinct pairs)");
    expect(await run("distinct")).toContain("3600 positives (3700 rows, 3600 distinct pairs)");
  }, 60_000);

  test("minIdCount: rare ids share the unknown row, so users with the same features get the same vector", async () => {
    // Every user has 9 training rows: minIdCount 10 leaves every user id without a row of its own.
    const { outputs, logs } = await runStage(plugin, "recall.twotower", { inputs, options: { ...OPTIONS, epochs: 1, minIdCount: 10 } });
    expect(logs.join("\n")).toMatch(/400 users and \d+ items with fewer than 10 training rows share the unknown id row/);
    const emb = outputs["emb.twotower.user"] as Table;
    const [ids, e0, e1] = [emb.columns.user as Int32Array, emb.columns.e0 as Float32Array, emb.columns.e1 as Float32Array];
    const [group, gender] = [d.users.columns.user_group as Int32Array, d.users.columns.user_gender as Int32Array];
    const byFeatures = new Map<string, [number, number]>();
    let [same, differ] = [0, 0];
    for (let r = 0; r < emb.length; r++) {
      const u = ids[r]! - 1000;
      const key = `${group[u]} ${gender[u]}`;
      const seen = byFeatures.get(key);
      if (seen) (expect([e0[r], e1[r]]).toEqual(seen), same++);
      else byFeatures.set(key, [e0[r]!, e1[r]!]);
    }
    const vectors = [...byFeatures.values()];
    for (const v of vectors.slice(1)) if (v[0] !== vectors[0]![0]) differ++;
    expect(same).toBeGreaterThan(300);
    expect(differ).toBeGreaterThan(0);
    // With the default (0) every user keeps its own row: same features, different vectors.
    const own = (await runStage(plugin, "recall.twotower", { inputs, options: { ...OPTIONS, epochs: 1 } })).outputs["emb.twotower.user"] as Table;
    expect(new Set(own.columns.e0 as Float32Array).size).toBe(400);
  }, 60_000);

  test("bad input: empty training split, users without features, unknown feature column, zero width, NaN loss", async () => {
    const empty = table({ user: new Int32Array(0), item: new Int32Array(0) });
    await expect(runStage(plugin, "recall.twotower", { inputs: { ...inputs, "split.train": empty }, options: OPTIONS })).rejects.toThrow(/recall.twotower: split.train has no rows/);
    const someUsers = table({ user: Int32Array.from([1000, 1001]), user_group: Int32Array.from([1, 2]) });
    const missing = runStage(plugin, "recall.twotower", { inputs: { ...inputs, users: someUsers }, options: OPTIONS });
    await expect(missing).rejects.toThrow(UserError);
    await expect(missing).rejects.toThrow(/recall.twotower: user 1002 .* has no row in users/);
    await expect(runStage(plugin, "recall.twotower", { inputs, options: { ...OPTIONS, itemFeatures: ["colour"] } })).rejects.toThrow(/option itemFeatures names "colour"/);
    await expect(runStage(plugin, "recall.twotower", { inputs, options: { ...OPTIONS, idDim: 0 } })).rejects.toThrow(/idDim/);
    await expect(runStage(plugin, "recall.twotower", { inputs, options: { ...OPTIONS, epochs: 1, lr: 1e30, temperature: 1e-30 } })).rejects.toThrow(/training step \d+ \(epoch 1\): the sampled-softmax loss is .* at learning rate 1e\+30/);
  }, 60_000);
});
