import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { ConfigError } from "./config/config-error.ts";
import type { StageConfig } from "./config/pipeline.ts";
import { registryOf } from "./loader.ts";
import { planPipeline } from "./plan.ts";
import { API_VERSION, definePlugin, defineStage } from "./plugin.ts";

const plugin = definePlugin({
  name: "plan-test",
  version: "1.0.0",
  apiVersion: API_VERSION,
  stages: {
    "make.numbers": defineStage({ kind: "source", description: "numbers", options: z.object({ k: z.array(z.number()).default([1]) }), inputs: [], outputs: ["numbers"], run: () => {} }),
    "use.numbers": defineStage({ kind: "features", description: "reads numbers", options: z.object({}), inputs: ["numbers"], outputs: ["squares"], run: () => {} }),
  },
});
const registry = registryOf([plugin]);

/** A stage as a parser other than YAML could give it: its `where` tells which part was asked for. */
function stage(index: number, use: string, rest: Partial<StageConfig> = {}): StageConfig {
  return {
    index, use, id: use, with: {}, inputs: {}, outputs: {},
    where: (path = [], part = "value") => ({ file: "hand-made", line: index + 1, col: 1, flag: `${part}:${path.join(".")}` }),
    ...rest,
  };
}

function placeOf(stages: StageConfig[]): string | undefined {
  try {
    planPipeline({ stages }, registry);
    return undefined;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return `${e.path} @ ${e.where.line} ${e.where.flag}`;
  }
}

describe("planPipeline places its errors through each stage's where()", () => {
  test("an unknown stage at its name", () => {
    expect(placeOf([stage(0, "make.numbrs")])).toBe("stages[0].use @ 1 value:use");
  });
  test("an unknown option at its key", () => {
    expect(placeOf([stage(0, "make.numbers", { with: { kk: 1 } })])).toBe("stages[0].with.kk @ 1 key:with.kk");
  });
  test("a wrong option value at that value, inside a list", () => {
    expect(placeOf([stage(0, "make.numbers", { with: { k: [1, "two"] } })])).toBe("stages[0].with.k[1] @ 1 value:with.k.1");
  });
  test("a missing input at the stage's name; an unknown input mapping at its key", () => {
    expect(placeOf([stage(0, "use.numbers")])).toBe("stages[0].inputs.numbers @ 1 value:use");
    expect(placeOf([stage(0, "make.numbers"), stage(1, "use.numbers", { inputs: { numbrs: "numbers" } })])).toBe("stages[1].inputs.numbrs @ 2 key:inputs.numbrs");
  });
  test("a correct pipeline plans", () => {
    const plan = planPipeline({ stages: [stage(0, "make.numbers"), stage(1, "use.numbers")] }, registry);
    expect(plan.map((p) => [...p.inputs.values()])).toEqual([[], ["numbers"]]);
    expect(plan[0]!.options).toEqual({ k: [1] });
  });
});

/** Every package a module loads at run time, through its relative imports (type-only imports do not load). */
function packagesLoadedBy(file: string, seen = new Set<string>(), out = new Set<string>()): Set<string> {
  if (seen.has(file)) return out;
  seen.add(file);
  for (const { path } of new Bun.Transpiler({ loader: "ts" }).scanImports(readFileSync(file, "utf8"))) {
    if (path.startsWith(".")) packagesLoadedBy(resolve(dirname(file), path), seen, out);
    else out.add(path);
  }
  return out;
}

test("planning never loads yaml", () => {
  expect([...packagesLoadedBy(resolve(import.meta.dir, "plan.ts"))]).not.toContain("yaml");
});
