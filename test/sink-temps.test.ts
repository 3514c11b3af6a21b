/**
 * A crash during sink.parquet leaves no temporary file once the pipeline has run again (issue 16,
 * item 7): stale temps are cleaned in every folder a stage writes to, a sink's export folder included.
 */
import { expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { CLI, FIXTURES, shortlist, writePipeline } from "./cli-helpers.ts";

const plugin = JSON.stringify(join(FIXTURES, "counting-plugin.ts"));
const ALLOW = ["--allow-plugin-path", FIXTURES]; // the pipeline sits in a temp folder

test("kill -9 mid sink.parquet, then a rerun: the export folder holds no temporary file", async () => {
  const file = writePipeline(`name: t\nplugins: [${plugin}, "@shortlist/plugin-sinks"]\nstages:\n  - use: count.numbers\n    with: { n: 3000000 }\n  - use: count.square\n  - use: sink.parquet\n    with: { dir: export, artifacts: [squares], codec: UNCOMPRESSED, rowGroupSize: 1000 }\n`);
  const dir = join(file, "..");
  const exportDir = join(dir, "export");
  const temps = () => {
    try {
      return readdirSync(exportDir).filter((n) => n.includes(".tmp-"));
    } catch {
      return [];
    }
  };
  const p = Bun.spawn(["bun", CLI, "run", file, "--out", join(dir, "run"), ...ALLOW], { stdout: "ignore", stderr: "ignore" });
  // Kill it as soon as the sink's temporary file appears.
  while (temps().length === 0 && p.exitCode === null) await Bun.sleep(2);
  p.kill("SIGKILL");
  await p.exited;
  expect(temps().length).toBeGreaterThan(0); // the crash left one behind
  const rerun = await shortlist(["run", file, "--out", join(dir, "run")]);
  expect(rerun.code).toBe(0);
  expect(rerun.stderr).toContain("temporary file(s) a killed run left");
  expect(temps()).toEqual([]);
  expect(readdirSync(exportDir)).toContain("squares.parquet");
}, 120_000);
