/** ctx.workDir(): kept across a crash for the same stage run, fresh when options change, gone after success. */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { runPipeline } from "../packages/runner/src/run.ts";
import { FIXTURES, tempDir, writePipeline } from "./cli-helpers.ts";

const quiet = { write: () => true };
const pipeline = (steps: number) =>
  writePipeline(`name: resumable\nplugins: [${JSON.stringify(join(FIXTURES, "resumable-plugin.ts"))}]\nstages:\n  - use: resumable.steps\n    with: { steps: ${steps} }\n`);
const run = (file: string, out: string) => runPipeline({ file, out, allowPluginPaths: [FIXTURES], stderr: quiet, stdout: quiet });

afterEach(() => {
  delete process.env.RESUMABLE_CRASH;
});

describe("a stage's work folder", () => {
  test("survives a crash, is found by the rerun, and is removed once the stage succeeds", async () => {
    const out = tempDir();
    const file = pipeline(4);
    process.env.RESUMABLE_CRASH = "1";
    expect(await run(file, out).then(() => "ok", (e: Error) => e.message)).toContain("crashed before step 2");
    const [folder, ...more] = readdirSync(join(out, "work"));
    expect(more).toEqual([]);
    expect(folder).toMatch(/^resumable\.steps-[0-9a-f]{16}$/);
    expect(readdirSync(join(out, "work", folder!)).sort()).toEqual(["step-0", "step-1"]);
    delete process.env.RESUMABLE_CRASH;
    const done = await run(file, out);
    expect(done.metrics["resumable.steps"]).toEqual({ skipped: 2 });
    expect(existsSync(join(out, "work"))).toBe(false);
  });

  test("a changed stage does not resume from another configuration's folder, and removes it", async () => {
    const out = tempDir();
    process.env.RESUMABLE_CRASH = "1";
    await run(pipeline(4), out).catch(() => undefined);
    delete process.env.RESUMABLE_CRASH;
    const done = await run(pipeline(5), out);
    expect(done.metrics["resumable.steps"]).toEqual({ skipped: 0 });
    expect(existsSync(join(out, "work"))).toBe(false);
  });
});
