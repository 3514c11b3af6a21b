import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rng } from "@shortlist/core-gpu/random";
import { table, UserError, type Table } from "@shortlist/runner";
import { evaluateTopK } from "@shortlist/runner/metrics";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { negativesFor } from "./stage.ts";

/** Planted clusters: user u likes the items of cluster u % 4; 70 % of those pairs train, the rest split valid/test. */
function clusters(users = 80, items = 60, k = 4) {
  const rng = new Rng(5);
  const rows = { train: [[], [], []] as number[][], valid: [[], []] as number[][], test: [[], []] as number[][] };
  for (let u = 0; u < users; u++) {
    for (let i = u % k; i < items; i += k) {
      const r = rng.float();
      const to = r < 0.7 ? rows.train : r < 0.85 ? rows.valid : rows.test;
      to[0]!.push(1000 + u);
      to[1]!.push(500 + i);
      if (to === rows.train) to[2]!.push(rng.int(1_000_000));
    }
  }
  const t = ([u, i, ts]: number[][]) => table({ user: Int32Array.from(u!), item: Int32Array.from(i!), ...(ts ? { timestamp: Int32Array.from(ts) } : {}) });
  return { train: t(rows.train), valid: t(rows.valid), test: t(rows.test), users, items, k };
}

const data = clusters();
const inputs = { "split.train": data.train, "split.valid": data.valid };
const small = { dim: 16, negatives: 10, negativeWeight: 10, margin: 0.5, lr: 0.02, batchSize: 64, epochs: 6, patience: 0, k: 10 };
const ints = (t: Table, c: string) => t.columns[c] as Int32Array;

describe("recall.simplex", () => {
  test("learns planted clusters: test recall@10 far above random, seen items never recommended, outputs well formed", async () => {
    const { outputs, metrics } = await runStage(plugin, "recall.simplex", { inputs, options: small });
    const recs = outputs["recs.simplex"] as Table;
    const m = evaluateTopK({ user: ints(recs, "user"), item: ints(recs, "item"), rank: ints(recs, "rank") }, { user: ints(data.test, "user"), item: ints(data.test, "item") }, { ks: [10], metrics: ["recall"] });
    // Random ranking of the ~48 unseen items gives recall@10 ≈ 10/48 ≈ 0.2; the cluster's items fill the top.
    expect(m.values["recall@10"]!).toBeGreaterThan(0.8);
    expect(metrics["valid_ndcg_at_10"]!).toBeGreaterThan(0.5);
    const seen = new Set(Array.from(ints(data.train, "user"), (u, r) => `${u} ${ints(data.train, "item")[r]}`));
    expect(recs.length).toBe(data.users * 10);
    for (let r = 0; r < recs.length; r++) {
      expect(seen.has(`${ints(recs, "user")[r]} ${ints(recs, "item")[r]}`)).toBe(false);
      if (r > 0 && ints(recs, "user")[r] === ints(recs, "user")[r - 1]) expect(ints(recs, "rank")[r]).toBe(ints(recs, "rank")[r - 1]! + 1);
    }
    const items = outputs["emb.simplex.item"] as Table;
    expect(Object.keys(items.columns)).toEqual(["item", ...Array.from({ length: 16 }, (_, j) => `e${j}`)]);
    expect(items.length).toBe(data.items);
    expect((outputs["emb.simplex.user"] as Table).length).toBe(data.users);
    const log = (outputs["training.simplex"] as { value: { epochs: { loss: number; valid: number }[]; bestEpoch: number; metric: string } }).value;
    expect(log.metric).toBe("ndcg@10");
    expect(log.epochs).toHaveLength(6);
    expect(log.epochs[5]!.loss).toBeLessThan(log.epochs[0]!.loss);
    expect(log.epochs[log.bestEpoch - 1]!.valid).toBe(Math.max(...log.epochs.map((e) => e.valid)));
  });

  test("exclude: items of the listed splits are never recommended either", async () => {
    const { outputs } = await runStage(plugin, "recall.simplex", { inputs, options: { ...small, epochs: 1, exclude: ["split.valid"] } });
    const recs = outputs["recs.simplex"] as Table;
    const valid = new Set(Array.from(ints(data.valid, "user"), (u, r) => `${u} ${ints(data.valid, "item")[r]}`));
    for (let r = 0; r < recs.length; r++) expect(valid.has(`${ints(recs, "user")[r]} ${ints(recs, "item")[r]}`)).toBe(false);
  });

  test("a run stopped after epoch 2 resumes there from its work folder and ends exactly as an uninterrupted run", async () => {
    const options = { ...small, epochs: 4 };
    const whole = await runStage(plugin, "recall.simplex", { inputs, options });
    const workDir = mkdtempSync(join(tmpdir(), "simplex-resume-"));
    const ac = new AbortController();
    const stopped = runStage(plugin, "recall.simplex", { inputs, options, workDir, signal: ac.signal, progress: (done) => void (done === 2 && ac.abort(new Error("killed"))) });
    await expect(stopped).rejects.toThrow("killed");
    const resumed = await runStage(plugin, "recall.simplex", { inputs, options, workDir });
    expect(resumed.logs.some((l) => l.includes("resuming simplex after epoch 2"))).toBe(true);
    expect(resumed.outputs["recs.simplex"]).toEqual(whole.outputs["recs.simplex"]!);
    expect(resumed.outputs["emb.simplex.item"]).toEqual(whole.outputs["emb.simplex.item"]!);
    const losses = (r: typeof whole) => (r.outputs["training.simplex"] as { value: { epochs: { loss: number }[] } }).value.epochs.map((e) => e.loss);
    expect(losses(resumed)).toEqual(losses(whole));
  });

  test("bad input and options: UserErrors naming the stage and what is wrong", async () => {
    const empty = table({ user: new Int32Array(0), item: new Int32Array(0) });
    await expect(runStage(plugin, "recall.simplex", { inputs: { ...inputs, "split.train": empty } })).rejects.toThrow(/recall\.simplex: split\.train has no rows/);
    await expect(runStage(plugin, "recall.simplex", { inputs, options: { dim: 0 } })).rejects.toThrow(/dim/);
    const strings = table({ user: ints(data.train, "user"), item: Array.from(ints(data.train, "item"), String) });
    await expect(runStage(plugin, "recall.simplex", { inputs: { ...inputs, "split.train": strings } })).rejects.toThrow(/recall\.simplex: split\.train\.item holds strings/);
    const badTime = table({ user: ints(data.train, "user"), item: ints(data.train, "item"), timestamp: Array.from(ints(data.train, "user"), String) });
    const err = await runStage(plugin, "recall.simplex", { inputs: { ...inputs, "split.train": badTime } }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/recall\.simplex: split\.train\.timestamp holds strings/);
  });

  test("a divergent run stops with the step and the learning rate named", async () => {
    const err = await runStage(plugin, "recall.simplex", { inputs, options: { ...small, negativeWeight: Number.MAX_VALUE, margin: -1 } }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/recall\.simplex: training diverged at step 1 \(epoch 1\).*lr 0\.02/);
  });

  test("negatives: 0 scores every unseen item on small catalogues and falls back to 100 sampled ones (logged) on large ones", async () => {
    const logs: string[] = [];
    expect(negativesFor({ negatives: 0, batchSize: 1024 }, 1682, (m) => logs.push(m))).toBe(0);
    expect(negativesFor({ negatives: 50, batchSize: 1024 }, 1_000_000, (m) => logs.push(m))).toBe(50);
    expect(logs).toEqual([]);
    expect(negativesFor({ negatives: 0, batchSize: 1024 }, 100_000, (m) => logs.push(m))).toBe(100);
    expect(logs[0]).toContain("sampling 100 negatives per positive instead");
    const all = await runStage(plugin, "recall.simplex", { inputs, options: { ...small, negatives: 0, epochs: 3 } });
    expect(all.metrics["valid_ndcg_at_10"]!).toBeGreaterThan(0.5);
  });
});
