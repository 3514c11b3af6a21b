import { describe, expect, test } from "bun:test";
import { table, type Table } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "./index.ts";

const i32 = (a: number[]) => Int32Array.from(a);
const f32 = (a: number[]) => Float32Array.from(a);
const col = (t: Table, name: string): number[] => Array.from(t.columns[name] as Float32Array);
const recs = (rows: [number, number, number][]) =>
  table({ user: i32(rows.map((r) => r[0])), rank: i32(rows.map((_, i) => i)), item: i32(rows.map((r) => r[1])), score: f32(rows.map((r) => r[2])) });

// Users 1, 2 and 3 trained; users 1 and 2 have validation rows.
const train = table({ user: i32([1, 1, 2, 3]), item: i32([10, 11, 10, 12]), rating: f32([5, 3, 4, 2]) });
const valid = table({ user: i32([1, 2]), item: i32([20, 21]), rating: f32([4, 5]) });
const items = table({ item: i32([10, 11, 12, 20, 21, 22]), genre: ["a", "b", "a", "a", "b", "a"] });
const inputs = {
  "split.train": train,
  "split.valid": valid,
  "features.item": items,
  // validation period: valid items may appear (they are the positives)
  "recs.a.valid": recs([[1, 20, 0.9], [1, 22, 0.5], [2, 22, 0.8], [3, 20, 0.4]]),
  "recs.b.valid": recs([[1, 22, 3], [2, 21, 2], [2, 20, 1]]),
  // test period: valid items excluded
  "recs.a": recs([[1, 22, 0.7], [2, 22, 0.6], [3, 20, 0.4]]),
  "recs.b": recs([[1, 12, 2], [3, 21, 1]]),
};
const options = { sources: { a: { train: "recs.a.valid", test: "recs.a" }, b: { train: "recs.b.valid", test: "recs.b" } }, itemTable: "features.item", itemColumns: ["genre"], affinity: ["genre"] };

describe("rank.candidates", () => {
  test("candidates.train: users of split.valid, union of the sources, labelled from split.valid", async () => {
    const { outputs, metrics } = await runStage(plugin, "rank.candidates", { inputs, options });
    const t = outputs["candidates.train"] as Table;
    expect(col(t, "user")).toEqual([1, 1, 2, 2, 2]);
    expect(col(t, "item")).toEqual([20, 22, 21, 22, 20]);
    expect(col(t, "label")).toEqual([1, 0, 1, 0, 0]);
    expect(col(t, "group")).toEqual([0, 0, 1, 1, 1]);
    expect(t.columns.group).toBeInstanceOf(Int32Array);
    expect(t.columns.label).toBeInstanceOf(Float32Array);
    expect(col(t, "a_rank")).toEqual([1, 2, NaN, 1, NaN]);
    expect(col(t, "b_rank")).toEqual([NaN, 1, 1, NaN, 2]);
    expect(col(t, "sources")).toEqual([1, 2, 1, 1, 1]);
    expect(col(t, "user_count")).toEqual([2, 2, 1, 1, 1]);
    expect(col(t, "item_genre")).toEqual([1, 1, 2, 1, 1]);
    // user 1 trained on 10 (a) and 11 (b): half of the history is genre a
    expect(col(t, "genre_affinity")).toEqual([0.5, 0.5, 0, 1, 1]);
    expect(metrics.train_positives).toBe(2);
    expect(metrics.train_candidate_recall).toBe(1);
    for (const c of Object.values(t.columns)) expect(c instanceof Float32Array || c instanceof Int32Array).toBe(true);
  });

  test("candidates.test: every user of the test lists, same columns, no label from outside split.valid", async () => {
    const { outputs, metrics } = await runStage(plugin, "rank.candidates", { inputs, options });
    const train = outputs["candidates.train"] as Table;
    const t = outputs["candidates.test"] as Table;
    expect(Object.keys(t.columns)).toEqual(Object.keys(train.columns));
    expect(col(t, "user")).toEqual([1, 1, 2, 3, 3]);
    expect(col(t, "item")).toEqual([12, 22, 22, 20, 21]);
    expect(col(t, "label")).toEqual([0, 0, 0, 0, 0]);
    expect(col(t, "group")).toEqual([0, 0, 1, 2, 2]);
    expect(metrics.test_users).toBe(3);
  });

  test("depth keeps each source's top items only", async () => {
    const { outputs } = await runStage(plugin, "rank.candidates", { inputs, options: { ...options, depth: 1 } });
    const t = outputs["candidates.train"] as Table;
    expect(col(t, "item")).toEqual([20, 22, 21, 22]);
  });

  test("test lists that still hold split.valid items are labelled from it and logged as a mistake", async () => {
    const leaky = { ...inputs, "recs.a": inputs["recs.a.valid"] };
    const { outputs, logs } = await runStage(plugin, "rank.candidates", { inputs: leaky, options });
    expect(col(outputs["candidates.test"] as Table, "label").filter((l) => l > 0).length).toBe(1); // (1, 20)
    expect(logs.join("\n")).toContain("the test lists should exclude split.valid items");
  });

  test("i2i tables add the best similarity and the votes of the user's history items", async () => {
    const i2i = table({ item: i32([10, 11]), neighbour: i32([20, 20]), score: f32([0.3, 0.6]) });
    const { outputs } = await runStage(plugin, "rank.candidates", { inputs: { ...inputs, "i2i.a": i2i }, options: { ...options, i2i: ["i2i.a"] } });
    const t = outputs["candidates.train"] as Table;
    // user 1 (history 10, 11) → item 20: both vote, best 0.6; user 2 (history 10) → item 20: 0.3
    expect(col(t, "a_votes")).toEqual([2, 0, 0, 0, 1]);
    expect(col(t, "a_max")).toEqual([Math.fround(0.6), NaN, NaN, NaN, Math.fround(0.3)]);
  });

  test("embeddings add <name>_cos for every candidate, whichever source retrieved it", async () => {
    const embUser = table({ user: i32([1, 2, 3]), e0: f32([1, 0, 1]), e1: f32([0, 1, 1]) });
    const embItem = table({ item: i32([20, 21, 22]), e0: f32([2, 0, 1]), e1: f32([0, 3, 1]) });
    const { outputs } = await runStage(plugin, "rank.candidates", {
      inputs: { ...inputs, "emb.m.user": embUser, "emb.m.item": embItem },
      options: { ...options, embeddings: { m: { user: "emb.m.user", item: "emb.m.item" } } },
    });
    const t = outputs["candidates.train"] as Table;
    // rows (1, 20), (1, 22), (2, 21), (2, 22), (2, 20): user 1 = x axis, user 2 = y axis
    const h = Math.fround(Math.SQRT1_2);
    expect(col(t, "m_cos").map((c) => Math.fround(c))).toEqual([1, h, 1, h, 0]);
    expect(col(t, "m_cos_gap").map((c) => Math.fround(c))).toEqual([0, Math.fround(h - 1), 0, Math.fround(h - 1), -1]);
    const stage = plugin.stages["rank.candidates"]!;
    const parsed = stage.options.parse({ ...options, embeddings: { m: { user: "emb.m.user", item: "emb.m.item" } } });
    expect((stage.inputs as (o: unknown) => string[])(parsed)).toContain("emb.m.item");
  });

  test("extraPeriods append labelled periods from their own lists, history and labels, groups numbered on", async () => {
    const foldTrain = table({ user: i32([1, 2, 3]), item: i32([10, 10, 12]), rating: f32([5, 4, 2]) });
    const foldLabels = table({ user: i32([1, 3]), item: i32([11, 12]), rating: f32([3, 2]) });
    const extra = {
      "fold.train": foldTrain,
      "fold.labels": foldLabels,
      "recs.a.fold": recs([[1, 11, 0.9], [1, 22, 0.5], [2, 22, 0.3], [3, 20, 0.4]]),
      "recs.b.fold": recs([[3, 12, 1]]),
    };
    const period = { sources: { a: "recs.a.fold", b: "recs.b.fold" }, history: "fold.train", labels: "fold.labels" };
    const { outputs, metrics } = await runStage(plugin, "rank.candidates", { inputs: { ...inputs, ...extra }, options: { ...options, extraPeriods: [period] } });
    const t = outputs["candidates.train"] as Table;
    // the validation period's 5 rows as before, then users 1 and 3 of the fold (user 2 has no fold label)
    expect(col(t, "user")).toEqual([1, 1, 2, 2, 2, 1, 1, 3, 3]);
    expect(col(t, "item")).toEqual([20, 22, 21, 22, 20, 11, 22, 12, 20]);
    expect(col(t, "label")).toEqual([1, 0, 1, 0, 0, 1, 0, 1, 0]);
    expect(col(t, "group")).toEqual([0, 0, 1, 1, 1, 2, 2, 3, 3]);
    // statistics from each period's own history: user 1 has 2 training rows, 1 in fold.train
    expect(col(t, "user_count")).toEqual([2, 2, 1, 1, 1, 1, 1, 1, 1]);
    expect(metrics.train_rows).toBe(5);
    expect(metrics["train_rows.extra1"]).toBe(4);
    expect(metrics["train_positives.extra1"]).toBe(2);
    expect(col(outputs["candidates.test"] as Table, "user")).toEqual([1, 1, 2, 3, 3]);
    await expect(runStage(plugin, "rank.candidates", { inputs: { ...inputs, ...extra }, options: { ...options, extraPeriods: [{ ...period, sources: { a: "recs.a.fold" } }] } })).rejects.toThrow("extraPeriods[0].sources: names a; expected a list for each of sources: a, b");
  });

  test("declared inputs never include split.test", async () => {
    const stage = plugin.stages["rank.candidates"]!;
    const inputsOf = stage.inputs as (o: unknown) => string[];
    const parsed = stage.options.parse({ ...options, userTable: "features.user", userColumns: ["age"] });
    expect(inputsOf(parsed).sort()).toEqual(["features.item", "features.user", "recs.a", "recs.a.valid", "recs.b", "recs.b.valid", "split.train", "split.valid"]);
  });

  test("bad options and inputs are UserErrors that say what to do", async () => {
    await expect(runStage(plugin, "rank.candidates", { inputs, options: { sources: {} } })).rejects.toThrow("name at least one source");
    await expect(runStage(plugin, "rank.candidates", { inputs, options: { ...options, itemColumns: ["year"] } })).rejects.toThrow('features.item has no column "year"');
    await expect(runStage(plugin, "rank.candidates", { inputs, options: { ...options, itemTable: "" } })).rejects.toThrow("set itemTable");
    await expect(runStage(plugin, "rank.candidates", { inputs, options: { ...options, itemColumns: ["genre", "genre"] } })).rejects.toThrow("the column item_genre is already a candidate feature");
    const bad = { ...inputs, "recs.b": table({ user: i32([1]), item: i32([1]) }) };
    await expect(runStage(plugin, "rank.candidates", { inputs: bad, options })).rejects.toThrow('recs.b has no column "score"');
  });
});
