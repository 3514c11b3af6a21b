import { describe, expect, test } from "bun:test";
import type { PlannedStage } from "@shortlist/runner/host";
import { neighboursDerive } from "@shortlist/runner/recsys";
import { coverOrder } from "./schedule.ts";

const itemcf = { kind: "recall", derive: neighboursDerive };
const recs = { kind: "recall" };
/** A plan of two stages: a derivable neighbour stage and one without derive. */
const plan = (neighbours: number, alpha: number, k = 10) =>
  [
    { config: { id: "recall.itemcf" }, def: itemcf, options: { neighbours, alpha, output: "i2i.itemcf" } },
    { config: { id: "recs.itemcf" }, def: recs, options: { k } },
  ] as unknown as PlannedStage[];

describe("coverOrder", () => {
  test("the trials a derivable stage of another trial strictly covers run second", () => {
    const trials = [
      { n: 1, plan: plan(100, 1) },
      { n: 2, plan: plan(100, 2) },
      { n: 3, plan: plan(800, 1) },
      { n: 4, plan: plan(800, 2) },
      { n: 5, plan: plan(100, 3) }, // nothing covers alpha 3 at 800
    ];
    const [first, later] = coverOrder(trials);
    expect(first.map((t) => t.n)).toEqual([3, 4, 5]);
    expect(later.map((t) => t.n)).toEqual([1, 2]);
  });

  test("equal options (trials differing only downstream) cover each other only weakly: all run first", () => {
    const [first, later] = coverOrder([{ n: 1, plan: plan(100, 1, 10) }, { n: 2, plan: plan(100, 1, 20) }]);
    expect(first.map((t) => t.n)).toEqual([1, 2]);
    expect(later).toEqual([]);
  });
});
