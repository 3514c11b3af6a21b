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

/** The message of what `fn` throws. */
function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

const withSets = (...sets: string[]) => () => parsePipeline("p.yaml", text, {}, (src) => applyOverrides(src, sets));

test("errors about a value set by --set name the flag, not a file position", () => {
  const seed = thrown(withSets("seed=abc"));
  expect(seed).toStartWith("--set seed=abc: seed must be an integer");
  expect(seed).not.toContain("p.yaml:1:1");
  expect(thrown(withSets("foo=1"))).toStartWith('--set foo=1: unknown key "foo" in the pipeline');
  expect(thrown(withSets("stages[0].with=3"))).toStartWith("--set stages[0].with=3: options must be a mapping");
  expect(thrown(withSets("stages[0].with.k=${NOPE}"))).toStartWith("--set stages[0].with.k=${NOPE}: variable NOPE is not set");
  // each flag answers for its own value; a value from the file keeps its file position
  expect(thrown(withSets("seed=1", "stages[1].use=${NOPE}"))).toStartWith("--set stages[1].use=${NOPE}:");
  expect(thrown(withSets("stages[0].with.k=2", "name=a b"))).toStartWith("--set name=a b: missing or invalid pipeline name");
  const fileError = thrown(() => parsePipeline("p.yaml", "name: p\nseed: x\nstages: [{ use: a.b }]\n", {}, (src) => applyOverrides(src, ["name=q"])));
  expect(fileError).toStartWith("p.yaml:2:7: seed: seed must be an integer");
});

test("a --set index past the list and a value that is not YAML are refused at once", () => {
  expect(thrown(withSets("stages[9].with.k=1"))).toBe("--set stages[9].with.k=1: stages has 2 items (stages[0] to stages[1]); there is no stages[9]");
  expect(thrown(withSets("stages[0].with.k=[1,"))).toStartWith("--set stages[0].with.k=[1,: the value is not valid YAML");
});
