import { describe, expect, test } from "bun:test";
import { parseYaml } from "@shortlist/runner/host";
import { readTuneBlock } from "./declaration.ts";

const read = (tune: string) => readTuneBlock(parseYaml("p.yaml", `name: p\nstages:\n  - use: x\ntune:\n${tune}`));

describe("the tune: block", () => {
  test("reads objective, strategy, lists, ranges and search overrides", () => {
    const spec = read(`  objective: eval.itemcf:ndcg@10
  direction: minimise
  strategy: random
  trials: 5
  seed: 3
  parameters:
    stages[recall.itemcf].with.neighbours: [50, 100]
    stages[recall.itemcf].with.alpha: { min: 0.1, max: 10, scale: log }
  search:
    stages[recs.itemcf].with.k: 50
`)!;
    expect(spec.objective).toMatchObject({ stage: "eval.itemcf", metric: "ndcg@10", where: { line: 5 } });
    expect(spec).toMatchObject({ direction: "minimise", strategy: "random", trials: 5, seed: 3, search: ["stages[recs.itemcf].with.k=50"] });
    expect(spec.parameters[0]).toMatchObject({ path: "stages[recall.itemcf].with.neighbours", values: [50, 100], where: { line: 11 } });
    expect(spec.parameters[1]!.range).toEqual({ min: 0.1, max: 10, scale: "log", steps: undefined, integer: false });
  });

  test("no block: undefined", () => {
    expect(readTuneBlock(parseYaml("p.yaml", "name: p\nstages: []\n"))).toBeUndefined();
  });

  test.each([
    ["  objective: ndcg\n  parameters: { seed: [1] }\n", /p.yaml:5:14: tune.objective: missing or malformed objective/],
    ["  objective: a:b\n  parameters: {}\n", /p.yaml:6:15: tune.parameters: the search space is empty: no parameters/],
    ["  objective: a:b\n  parameters:\n    seed: []\n", /p.yaml:7:11: tune.parameters.seed: the search space is empty/],
    ["  objective: a:b\n  strategy: random\n  parameters: { seed: [1] }\n", /strategy random needs a trial count/],
    ["  objective: a:b\n  strategy: bayes\n  parameters: { seed: [1] }\n", /unknown strategy "bayes"/],
    ["  objective: a:b\n  parameters: { seed: { min: 0, max: 1, scale: log } }\n", /a log range needs min > 0/],
    ["  objective: a:b\n  paramters: { seed: [1] }\n", /unknown key "paramters" in tune/],
    ["  objective: a:b\n  strategy: halving\n  parameters: { seed: [1] }\n", /strategy halving needs a budget/],
    ["  objective: a:b\n  strategy: halving\n  budget: { path: seed, min: 5, max: 1 }\n  parameters: { seed: [1] }\n", /0 < min < max/],
  ])("refuses %j", (block, message) => {
    expect(() => read(block)).toThrow(message);
  });
});
