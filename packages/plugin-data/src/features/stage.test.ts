import { describe, expect, test } from "bun:test";
import { listAt, table, type Table } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { featuresOptions } from "./options.ts";
import { generateFeatures } from "./stage.ts";

const i32 = (a: number[]) => new Int32Array(a);
const f32 = (a: number[]) => new Float32Array(a);
//                       r0   r1   r2   r3   r4   r5
const interactions = table({
  user: i32([1, 1, 1, 2, 2, 3]),
  item: i32([10, 20, 30, 10, 30, 20]),
  rating: f32([5, 4, 2, 3, 1, 4]),
  timestamp: i32([100, 200, 300, 150, 250, 50]),
});
const users = table({ user: i32([1, 2, 3]), gender: ["F", "M", "M"] });
const items = table({ item: i32([10, 20, 30, 40]), title: ["A", "B", "C", "D"], genres: ["Action|Drama", "Drama", "Comedy", ""], year: i32([1990, 1991, 1992, 0]) });

const run = (o: object = {}) => generateFeatures(interactions, users, items, featuresOptions.parse(o), 7);
const col = (t: unknown, name: string) => Array.from((t as Table).columns[name] as ArrayLike<unknown>);
const lists = (t: unknown, name: string) => {
  const l = (t as Table).lists![name]!;
  return Array.from({ length: l.length }, (_, r) => Array.from(listAt(l, r)));
};

describe("data.features on a hand-checked example (leave-last-1: r2 and r4 are test)", () => {
  const out = run({ retrieval: true, negatives: 2, ranking: true });

  test("splits, sorted by user then time", () => {
    expect(col(out["split.train"], "item")).toEqual([10, 20, 10, 20]);
    expect(col(out["split.test"], "item")).toEqual([30, 30]);
    expect((out["split.valid"] as Table).length).toBe(0);
  });

  test("vocabularies from training rows, by frequency then value, 0 = unknown", () => {
    const v = (out.vocab as { value: Record<string, unknown> }).value;
    expect(v.user).toEqual([1, 2, 3]);
    expect(v.item).toEqual([10, 20]); // item 30 appears only in test
    expect(v.genre).toEqual(["Drama", "Action"]);
    expect(v.gender).toEqual(["F", "M"]); // 2 training rows each: tie → value order
    expect(v.unknown).toBe(0);
  });

  test("features.user: train-only statistics, recent items oldest first, last item and genre", () => {
    const u = out["features.user"];
    expect(col(u, "user")).toEqual([1, 2, 3]);
    expect(col(u, "gender")).toEqual(["F", "M", "M"]);
    expect(col(u, "count")).toEqual([2, 1, 1]);
    expect(col(u, "mean_rating")).toEqual([4.5, 3, 4]);
    expect(col(u, "high_share")).toEqual([1, 0, 1]);
    expect(lists(u, "recent_items")).toEqual([[10, 20], [10], [20]]);
    expect(col(u, "last_item")).toEqual([20, 10, 20]);
    expect(col(u, "last_genre")).toEqual(["Drama", "Action", "Drama"]);
  });

  test("features.item, features.item_feature and features.genre", () => {
    expect(col(out["features.item"], "item")).toEqual([10, 20, 30, 40]);
    expect(col(out["features.item"], "item_code")).toEqual([1, 2, 0, 0]);
    expect(col(out["features.item"], "genre_code")).toEqual([2, 1, 0, 0]);
    const f = out["features.item_feature"];
    expect(col(f, "count")).toEqual([2, 2, 0, 0]);
    expect(col(f, "mean_rating")).toEqual([4, 4, 0, 0]);
    expect(col(f, "high_share")).toEqual([0.5, 1, 0, 0]);
    expect(col(f, "genre")).toEqual(["Action", "Drama", "Comedy", ""]);
    expect(col(f, "genre_count")).toEqual([2, 4, 0, 0]); // Action: r0 and r3 (item 10)
    expect(col(f, "genre_mean_rating")).toEqual([4, 4, 0, 0]);
    expect(col(f, "genre_high_share")).toEqual([0.5, 0.75, 0, 0]);
    expect(col(out["features.genre"], "genre")).toEqual(["Drama", "Action", "Comedy"]);
  });

  test("samples.ranking: labels, split, and history as of each row from training rows only", () => {
    const r = out["samples.ranking"];
    // kept rows in (user, time) order: r0, r1, r2 (test), r4 (test), r5; r3 (rating 3) dropped
    expect(col(r, "item")).toEqual([10, 20, 30, 30, 20]);
    expect(col(r, "label")).toEqual([1, 1, 0, 0, 1]);
    expect(col(r, "split")).toEqual([0, 0, 2, 2, 0]);
    expect(col(r, "hist_0")).toEqual([0, 1, 1, 1, 0]);
    expect(col(r, "hist_1")).toEqual([0, 0, 2, 0, 0]);
    expect(col(r, "last_item_code")).toEqual([0, 1, 2, 1, 0]); // r4 sees user 2's dropped-but-trained r3
    expect(col(r, "last_genre_code")).toEqual([0, 2, 1, 2, 0]);
    expect(col(r, "item_code")).toEqual([1, 2, 0, 0, 2]);
    expect(col(r, "gender_code")).toEqual([1, 1, 1, 2, 2]);
    expect(col(r, "user_mean_rating")).toEqual([4.5, 4.5, 4.5, 3, 4]);
    expect(col(r, "item_count")).toEqual([2, 2, 0, 0, 2]);
  });

  test("samples.retrieval: negatives are trained items the user never trained on", () => {
    const s = out["samples.retrieval"];
    expect(col(s, "user")).toEqual([1, 1, 2, 2, 2, 3, 3, 3]);
    // user 1 trained on both trained items: no negative exists for them
    expect(col(s, "item")).toEqual([10, 20, 10, 20, 20, 20, 10, 10]);
    expect(col(s, "label")).toEqual([1, 1, 1, 0, 0, 1, 0, 0]);
  });

  test("maxLen keeps only the latest training items", () => {
    const o = run({ ranking: true, maxLen: 1 });
    expect(col(o["samples.ranking"], "hist_0")).toEqual([0, 1, 2, 1, 0]);
    expect((o["samples.ranking"] as Table).columns.hist_1).toBeUndefined();
    expect(lists(o["features.user"], "recent_items")).toEqual([[20], [10], [20]]);
  });

  test("filters: minRating then k-core", () => {
    expect((run({ minRating: 3 })["split.train"] as Table).length + (run({ minRating: 3 })["split.test"] as Table).length).toBe(4);
    // 2-core: user 3 (1 row) goes; then item 20 has 1 row, item 30 has 2, item 10 has 2 → item 20 goes → user 1 keeps 10, 30
    const k = run({ kCore: 2 });
    const rows = (k["split.train"] as Table).length + (k["split.test"] as Table).length;
    expect(rows).toBe(4);
    expect(() => run({ minRating: 6 })).toThrow(/no interactions left after the filters/);
  });
});

describe("the stage", () => {
  test("declares its outputs from the options and records split sizes", async () => {
    const def = plugin.stages["data.features"];
    const names = (o: object) => (def.outputs as (o: unknown) => string[])(def.options.parse(o));
    expect(names({})).not.toContain("samples.ranking");
    expect(names({ ranking: true, retrieval: true })).toEqual(expect.arrayContaining(["samples.ranking", "samples.retrieval", "vocab"]));
    const { outputs, metrics } = await runStage(plugin, "data.features", { inputs: { interactions, users, items } });
    expect(Object.keys(outputs).sort()).toEqual(names({}).sort());
    expect(metrics.train_rows).toBe(4);
    expect(metrics.test_rows).toBe(2);
  });
  test("positiveAt must be above negativeAt", () => {
    expect(() => featuresOptions.parse({ positiveAt: 2, negativeAt: 3 })).toThrow(/negativeAt must be below positiveAt/);
  });
});
