import { describe, expect, test } from "bun:test";
import { table } from "../artifacts.ts";
import { runStage } from "../testing.ts";
import { builtinPlugin } from "./index.ts";

const i32 = (a: number[]) => new Int32Array(a);
// item 7: 3 users, item 8: 2, item 9: 2 (tie with 8 → lower id first), item 6: 1
const train = table({ user: i32([1, 2, 3, 1, 2, 3, 4, 4]), item: i32([7, 7, 7, 8, 9, 9, 8, 6]) });

describe("recall.popular", () => {
  test("most popular unseen items per user, ties by item id, score = count", async () => {
    const { outputs } = await runStage(builtinPlugin, "recall.popular", { inputs: { "split.train": train }, options: { k: 2 } });
    const r = outputs["recs.popular"]!;
    if (r.kind !== "table") throw new Error("expected a table");
    expect(Array.from(r.columns.user as Int32Array)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(Array.from(r.columns.rank as Int32Array)).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    expect(Array.from(r.columns.item as Int32Array)).toEqual([9, 6, 8, 6, 8, 6, 7, 9]);
    expect(Array.from(r.columns.score as Float32Array)).toEqual([2, 1, 2, 1, 2, 1, 3, 2]);
  });

  test("excludeSeen: false recommends the same global list to everyone", async () => {
    const { outputs } = await runStage(builtinPlugin, "recall.popular", { inputs: { "split.train": train }, options: { k: 1, excludeSeen: false } });
    const r = outputs["recs.popular"]!;
    if (r.kind !== "table") throw new Error("expected a table");
    expect(Array.from(r.columns.item as Int32Array)).toEqual([7, 7, 7, 7]);
  });

  test("extra users (cold in training) get the plain popular list", async () => {
    const cold = table({ user: i32([99]), item: i32([1]) });
    const { outputs } = await runStage(builtinPlugin, "recall.popular", {
      inputs: { "split.train": train, "split.test": cold },
      options: { k: 3, users: "split.test" },
    });
    const r = outputs["recs.popular"]!;
    if (r.kind !== "table") throw new Error("expected a table");
    const u = r.columns.user as Int32Array;
    const rows = Array.from(u.keys()).filter((i) => u[i] === 99);
    expect(rows.map((i) => (r.columns.item as Int32Array)[i])).toEqual([7, 8, 9]);
  });
});
