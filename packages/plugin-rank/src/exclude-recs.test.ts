import { describe, expect, test } from "bun:test";
import { seededRandom } from "@shortlist/core-gpu";
import { table, type Table } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "./index.ts";

const rows = (t: Table) => Array.from({ length: t.length }, (_, r) => Object.keys(t.columns).map((c) => (t.columns[c] as ArrayLike<number>)[r]!));

describe("rank.exclude", () => {
  test("equals a plain filter-then-cut on random lists and held-out pairs", async () => {
    const rand = seededRandom(11);
    const user: number[] = [], rank: number[] = [], item: number[] = [], score: number[] = [];
    const vu: number[] = [], vi: number[] = [];
    for (let u = 1; u <= 30; u++) {
      const items = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 25) }, () => Math.floor(rand() * 40)))];
      items.forEach((it, r) => (user.push(u), rank.push(r), item.push(it), score.push(1 - r / 100)));
      for (let j = 0; j < 8; j++) if (rand() < 0.5) (vu.push(u), vi.push(Math.floor(rand() * 40)));
    }
    // rows shuffled: the stage orders by user and rank itself
    const order = user.map((_, r) => r).sort(() => rand() - 0.5);
    const recs = table({ user: Int32Array.from(order, (r) => user[r]!), rank: Int32Array.from(order, (r) => rank[r]!), item: Int32Array.from(order, (r) => item[r]!), score: Float32Array.from(order, (r) => score[r]!) });
    const valid = table({ user: Int32Array.from(vu), item: Int32Array.from(vi) });
    const k = 7;
    const { outputs } = await runStage(plugin, "rank.exclude", { inputs: { "recs.m-all": recs, "split.valid": valid }, options: { recs: "recs.m-all", exclude: ["split.valid"], k, output: "recs.m" } });
    const held = new Set(vu.map((u, j) => `${u}:${vi[j]}`));
    const expected: number[][] = [];
    for (let u = 1; u <= 30; u++) {
      const kept = user.map((_, r) => r).filter((r) => user[r] === u && !held.has(`${u}:${item[r]}`)).slice(0, k);
      kept.forEach((r, p) => expected.push([u, p + 1, item[r]!, Math.fround(score[r]!)]));
    }
    expect(rows(outputs["recs.m"] as Table)).toEqual(expected);
  });

  test("declares the list and the excluded tables as its only inputs; naming the list itself is a UserError", async () => {
    const stage = plugin.stages["rank.exclude"]!;
    const parsed = stage.options.parse({ recs: "recs.a", exclude: ["split.valid"], output: "recs.b" });
    expect((stage.inputs as (o: unknown) => string[])(parsed)).toEqual(["recs.a", "split.valid"]);
    const recs = table({ user: Int32Array.of(1), item: Int32Array.of(2), score: Float32Array.of(1) });
    await expect(runStage(plugin, "rank.exclude", { inputs: { "recs.a": recs }, options: { recs: "recs.a", exclude: ["recs.a"], output: "recs.b" } })).rejects.toThrow("rank.exclude.exclude: names recs.a");
  });
});
