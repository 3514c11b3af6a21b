import { expect, test } from "bun:test";
import { parsePipeline } from "./pipeline.ts";
import { applyOverrides, parseSetPath } from "./overrides.ts";

const text = `name: p\nstages:\n  - use: a.b\n    with: { k: 1 }\n  - use: c.d\n    id: second\n`;

test("paths by index and by stage id", () => {
  expect(parseSetPath("stages[2].with.k")).toEqual(["stages", 2, "with", "k"]);
  expect(parseSetPath("stages[recall.itemcf].with.k")).toEqual(["stages", "[recall.itemcf]", "with", "k"]);
  const cfg = parsePipeline("p.yaml", text, {}, (src) => applyOverrides(src, ["seed=9", "stages[a.b].with.k=[10, 20]", "stages[second].with.x=true"]));
  expect(cfg.seed).toBe(9);
  expect(cfg.stages[0]!.with).toEqual({ k: [10, 20] });
  expect(cfg.stages[1]!.with).toEqual({ x: true });
});

test("bad overrides are user errors", () => {
  expect(() => parsePipeline("p.yaml", text, {}, (src) => applyOverrides(src, ["nokey"]))).toThrow(/expected path=value/);
  expect(() => parsePipeline("p.yaml", text, {}, (src) => applyOverrides(src, ["stages[nope].with.k=1"]))).toThrow(/no stage with id "nope"/);
});
