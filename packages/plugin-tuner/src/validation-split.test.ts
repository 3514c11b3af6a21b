import { expect, test } from "bun:test";
import type { PlannedStage } from "@shortlist/runner/host";
import { readersOfTest, searchOverrides } from "./validation-split.ts";

const stage = (id: string, options: Record<string, unknown>, inputs: string[] = []) => ({ config: { id }, options, inputs: new Map(inputs.map((i) => [i, i])) }) as unknown as PlannedStage;

test("search overrides: split.test → split.valid, split.valid out of exclude lists", () => {
  const plan = [stage("recs.itemcf", { exclude: ["split.valid"], k: 10 }), stage("eval.itemcf", { truth: "split.test", k: [10] }), stage("other", { tables: ["split.train", "split.test"] })];
  expect(searchOverrides(plan)).toEqual(['stages[recs.itemcf].with.exclude=[]', 'stages[eval.itemcf].with.truth="split.valid"', 'stages[other].with.tables=["split.train","split.valid"]']);
  expect(readersOfTest([stage("a", {}, ["split.train"]), stage("b", {}, ["split.test"])])).toEqual(["b"]);
});
