import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { json, table } from "./artifacts.ts";
import { API_VERSION, definePlugin, defineStage, type StageContext } from "./plugin.ts";
import { runStage } from "./testing.ts";

/** One stage whose run() is given by each test; it declares `numbers` in and `squares` out. */
function pluginRunning(run: (ctx: StageContext) => Promise<void> | void) {
  return definePlugin({
    name: "contract-test",
    version: "1.0.0",
    apiVersion: API_VERSION,
    stages: {
      "count.square": defineStage({ kind: "features", description: "squares", options: z.object({ by: z.number().default(2) }), inputs: ["numbers", "labels?"], outputs: ["squares"], run }),
    },
  });
}
const numbers = table({ n: new Int32Array([1, 2, 3]) });

describe("runStage holds a stage to the contract a pipeline holds it to", () => {
  test("a stage that keeps the contract runs", async () => {
    const p = pluginRunning(async (ctx) => {
      const t = await ctx.table("numbers");
      ctx.output("squares", table({ n: (t.columns.n as Int32Array).map((v) => v * v) }));
      ctx.metrics.record("rows", t.length);
    });
    const r = await runStage(p, "count.square", { inputs: { numbers } });
    expect(r.outputs.squares?.kind).toBe("table");
    expect(r.metrics).toEqual({ rows: 3 });
  });
  test("reading an input it did not declare fails, even when the test gave it", async () => {
    const p = pluginRunning(async (ctx) => void (await ctx.table("extra")));
    await expect(runStage(p, "count.square", { inputs: { numbers, extra: numbers } })).rejects.toThrow(/read input "extra", which it did not declare/);
  });
  test("reading an input as the wrong kind of artifact fails", async () => {
    const p = pluginRunning(async (ctx) => void (await ctx.json("numbers")));
    await expect(runStage(p, "count.square", { inputs: { numbers } })).rejects.toThrow(/input "numbers" of stage count.square is a table, expected a json/);
  });
  test("an optional input the test did not give is absent, as in a pipeline without it", async () => {
    let has: boolean | undefined;
    const p = pluginRunning((ctx) => {
      has = ctx.has("labels");
      ctx.output("squares", numbers);
    });
    await runStage(p, "count.square", { inputs: { numbers } });
    expect(has).toBe(false);
    await runStage(p, "count.square", { inputs: { numbers, labels: json([]) } });
    expect(has).toBe(true);
  });
  test("writing an output it did not declare fails", async () => {
    const p = pluginRunning((ctx) => ctx.output("cubes", numbers));
    await expect(runStage(p, "count.square", { inputs: { numbers } })).rejects.toThrow(/wrote output "cubes", which it did not declare/);
  });
  test("not writing a declared output fails", async () => {
    const p = pluginRunning(() => {});
    await expect(runStage(p, "count.square", { inputs: { numbers } })).rejects.toThrow(/did not produce its declared output\(s\): squares/);
  });
  test("an unknown option is refused, a wrong one named", async () => {
    const p = pluginRunning((ctx) => ctx.output("squares", numbers));
    await expect(runStage(p, "count.square", { inputs: { numbers }, options: { bye: 3 } })).rejects.toThrow(/options of count.square: bye: unknown option "bye"/);
    await expect(runStage(p, "count.square", { inputs: { numbers }, options: { by: "x" } })).rejects.toThrow(/options of count.square: by: .*\(got "x"\)/);
  });
});
