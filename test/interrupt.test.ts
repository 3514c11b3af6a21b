/**
 * Stopping a run: Ctrl-C or an aborted signal ends it, keeps finished stages, and a rerun resumes.
 * slow.wait takes 10 minutes unless stopped, so a run that does not stop fails by the test timeout.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Interrupted } from "@shortlist/runner";
import { runPipeline } from "../packages/runner/src/run.ts";
import { CLI, FIXTURES, readRest, readUntil, shortlist, tempDir, writePipeline } from "./cli-helpers.ts";

const plugins = `plugins: [${JSON.stringify(join(FIXTURES, "counting-plugin.ts"))}, ${JSON.stringify(join(FIXTURES, "slow-plugin.ts"))}]`;
const pipelineText = (honour: boolean) =>
  `name: slow\n${plugins}\nstages:\n  - use: count.numbers\n  - use: slow.wait\n    with:\n      honour: ${honour}\n`;
const quiet = { write: () => true };

function stagesIn(out: string): string[] {
  return Object.keys(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stages);
}

/** Runs in-process and aborts once slow.wait has reported progress. */
async function runAndAbort(honour: boolean, interruptGraceMs: number) {
  const out = tempDir();
  const ac = new AbortController();
  let seen = "";
  const stderr = { write: (s: string) => { seen += s; if (/slow\.wait/.test(seen) && !ac.signal.aborted) setTimeout(() => ac.abort(), 100); return true; } };
  const error = await runPipeline({ file: writePipeline(pipelineText(honour)), out, allowPluginPaths: [FIXTURES], signal: ac.signal, interruptGraceMs, stderr, stdout: quiet }).then(() => undefined, (e) => e);
  return { out, error, seen };
}

describe("stopping a run", () => {
  test("a stage that honours ctx.signal stops at once; finished stages are kept", async () => {
    const r = await runAndAbort(true, 10_000);
    expect(r.error).toBeInstanceOf(Interrupted);
    expect(r.error.message).toBe("interrupted during stage slow.wait (it stopped)");
    expect(r.seen).toContain("slow.wait ✗ interrupted");
    expect(stagesIn(r.out)).toEqual(["count.numbers"]);
    expect(readdirSync(join(r.out, "artifacts"))).toEqual(["numbers.parquet"]);
  });

  test("a stage that ignores it is given up on after the grace period, and its outputs are not kept", async () => {
    const r = await runAndAbort(false, 300);
    expect(r.error).toBeInstanceOf(Interrupted);
    expect(r.error.message).toBe("interrupted during stage slow.wait (it did not stop within 0.3 s; its outputs are not kept)");
    expect(stagesIn(r.out)).toEqual(["count.numbers"]);
  });

  test("an aborted signal stops the run before its next stage", async () => {
    const out = tempDir();
    const ac = new AbortController();
    ac.abort();
    const error = await runPipeline({ file: writePipeline(pipelineText(true)), out, allowPluginPaths: [FIXTURES], signal: ac.signal, stderr: quiet, stdout: quiet }).then(() => undefined, (e) => e);
    expect(error).toBeInstanceOf(Interrupted);
    expect(error.message).toBe("interrupted before stage count.numbers");
  });
});

describe("shortlist run and Ctrl-C", () => {
  /** Starts `shortlist run`, waits for slow.wait's progress line, sends `signals` SIGINTs 200 ms apart. */
  async function interruptCli(file: string, out: string, signals: number) {
    const p = Bun.spawn(["bun", CLI, "run", file, "--out", out, "--allow-plugin-path", FIXTURES], { stderr: "pipe", stdout: "ignore" });
    const reader = p.stderr.getReader();
    const seen = await readUntil(reader, /slow\.wait \d+%/);
    for (let i = 0; i < signals; i++) {
      if (i > 0) await Bun.sleep(200);
      p.kill("SIGINT");
    }
    const rest = readRest(reader);
    const code = await p.exited;
    return { code, stderr: seen + (await rest) };
  }

  test("Ctrl-C stops the running stage, exits 130, and the next run resumes after the finished stages", async () => {
    const file = writePipeline(pipelineText(true));
    const out = join(file, "..", "run");
    const r = await interruptCli(file, out, 1);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("SIGINT: stopping after the running stage stops");
    expect(r.stderr).toContain("interrupted during stage slow.wait (it stopped); finished stages are kept");
    expect(stagesIn(out)).toEqual(["count.numbers"]);
    const rerun = await shortlist(["run", file, "--out", out, "--set", "stages[slow.wait].with.ms=0"]);
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toMatch(/count\.numbers ↺ cached/);
    expect(rerun.stderr).toMatch(/slow\.wait ✓/);
  });

  test("a second Ctrl-C quits at once even when the stage ignores the first", async () => {
    const file = writePipeline(pipelineText(false));
    const r = await interruptCli(file, join(file, "..", "run"), 2);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("SIGINT again: quitting now");
  });
});
