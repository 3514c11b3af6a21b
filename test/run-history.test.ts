/**
 * Run history through the real CLI: every run of a run directory, however it ends, adds one line to
 * history.jsonl, and `shortlist compare` shows runs side by side, secrets redacted.
 */
import { describe, expect, test } from "bun:test";
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, FIXTURES, readRest, readUntil, shortlist, shortlistExact, tempDir, writePipeline } from "./cli-helpers.ts";

const counting = join(FIXTURES, "counting.yaml");
const history = (out: string) => readFileSync(join(out, "history.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
const sumOfPowers = (n: number, p: number) => Array.from({ length: n }, (_, i) => i ** p).reduce((a, b) => a + b, 0);

describe("history.jsonl", () => {
  test("each run adds a line: status, times, ids, per-stage options, their hash and metrics", async () => {
    const out = tempDir();
    expect((await shortlist(["run", counting, "--out", out])).code).toBe(0);
    expect((await shortlist(["run", counting, "--out", out, "--set", "stages[count.square].with.power=3"])).code).toBe(0);
    const [a, b] = history(out);
    expect(a.format).toBe(1);
    expect(a.id).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(a.id).not.toBe(b.id);
    expect(a).toMatchObject({ pipeline: "counting", file: counting, status: "done", seed: 7, sets: [], only: [], fresh: false });
    expect(a.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(a.finishedAt)).toBeGreaterThanOrEqual(Date.parse(a.startedAt));
    expect(b.sets).toEqual(["stages[count.square].with.power"]);
    expect(a.stages.map((s: { id: string; status: string }) => `${s.id}:${s.status}`)).toEqual(["count.numbers:done", "count.square:done", "count.sum:done"]);
    expect(b.stages.map((s: { status: string }) => s.status)).toEqual(["cached", "done", "done"]);
    expect(a.stages[1].options).toEqual({ delayMs: 0, power: 2 });
    expect(a.stages[1].optionsHash).not.toBe(b.stages[1].optionsHash);
    expect(a.stages[0].optionsHash).toBe(b.stages[0].optionsHash);
    expect(a.stages[2].metrics).toEqual({ sum: sumOfPowers(100, 2) });
    expect(b.stages[2].metrics).toEqual({ sum: sumOfPowers(100, 3) });
    expect(readdirSync(out).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  test("a failed run is recorded with its status and error, and no secret reaches the file", async () => {
    const file = writePipeline(`name: s\nplugins: [${JSON.stringify(join(FIXTURES, "secret-plugin.ts"))}]\nstages:\n  - use: secret.use\n    with:\n      url: "redis://:hunter2@db:6379/0"\n      fail: \${FAIL:-false}\n`);
    const out = tempDir();
    expect((await shortlist(["run", file, "--out", out])).code).toBe(0);
    expect((await shortlist(["run", file, "--out", out], { FAIL: "true" })).code).toBe(2);
    const text = readFileSync(join(out, "history.jsonl"), "utf8");
    expect(text).not.toContain("hunter2");
    const [ok, failed] = history(out);
    expect(ok.stages[0].options.url).toBe("redis://***@db:6379/0");
    expect(failed).toMatchObject({ status: "failed", error: expect.stringContaining("cannot reach redis://***@db:6379/0") });
    expect(failed.stages[0]).toMatchObject({ status: "failed", metrics: {} });
    const compared = await shortlistExact(["compare", out]);
    expect(compared.code).toBe(0);
    expect(compared.stdout + compared.stderr).not.toContain("hunter2");
    expect(compared.stdout).toMatch(/stages\[secret\.use\]\.with\.fail\s+false\s+true/);
    expect(compared.stdout).toMatch(/secret\.use\s+score\s+1\s+–\s+–/);
  });

  test("an interrupted run is recorded as interrupted, with the stages it did not reach", async () => {
    const plugins = [join(FIXTURES, "counting-plugin.ts"), join(FIXTURES, "slow-plugin.ts")].map((p) => JSON.stringify(p)).join(", ");
    const file = writePipeline(`name: slow\nplugins: [${plugins}]\nstages:\n  - use: count.numbers\n  - use: slow.wait\n  - use: count.sum\n    with: { of: numbers }\n`);
    const out = tempDir();
    const p = Bun.spawn(["bun", CLI, "run", file, "--out", out, "--allow-plugin-path", FIXTURES], { stderr: "pipe", stdout: "ignore" });
    const reader = p.stderr.getReader();
    await readUntil(reader, /slow\.wait/);
    p.kill("SIGINT");
    await readRest(reader);
    expect(await p.exited).toBe(130);
    const [entry] = history(out);
    expect(entry.status).toBe("interrupted");
    expect(entry.stages.map((s: { status: string }) => s.status)).toEqual(["done", "failed", "not run"]);
  });
});

describe("shortlist compare", () => {
  /** A run directory with three runs of counting.yaml: power 2, 3, 2 again. */
  async function threeRuns(): Promise<string> {
    const out = tempDir();
    for (const power of [2, 3, 2]) expect((await shortlist(["run", counting, "--out", out, "--set", `stages[count.square].with.power=${power}`])).code).toBe(0);
    return out;
  }

  test("a run directory: its last two runs, metrics side by side with the change, the options that differ", async () => {
    const out = await threeRuns();
    const r = await shortlistExact(["compare", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${out}@2`);
    expect(r.stdout).toContain(`${out}@3`);
    const [p3, p2] = [sumOfPowers(100, 3), sumOfPowers(100, 2)];
    expect(r.stdout).toMatch(new RegExp(`count\\.sum\\s+sum\\s+${p3}\\s+${p2}\\s+−${p3 - p2} \\(−98\\.7 %\\)`));
    expect(r.stdout).toMatch(/option that differs\s+A\s+B/);
    expect(r.stdout).toMatch(/stages\[count\.square\]\.with\.power\s+3\s+2/);
    expect(r.stdout).not.toContain("delayMs"); // the same in both
  });

  test("by history index, across directories, --last N and --json", async () => {
    const out = await threeRuns();
    const same = await shortlistExact(["compare", `${out}@1`, `${out}@-1`]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("options: the same in every run");
    expect(same.stdout).toMatch(/count\.sum\s+sum\s+328350\s+328350\s+±0 \(±0\.0 %\)/);
    const other = tempDir();
    expect((await shortlist(["run", counting, "--out", other], { N: "10" })).code).toBe(0);
    const across = await shortlistExact(["compare", out, other]);
    expect(across.stdout).toMatch(/stages\[count\.numbers\]\.with\.n\s+100\s+10/);
    const json = await shortlistExact(["compare", out, "--last", "3", "--json"]);
    expect(json.code).toBe(0);
    const c = JSON.parse(json.stdout);
    expect(c.runs.map((r: { ref: string }) => r.ref)).toEqual([1, 2, 3].map((i) => `${out}@${i}`));
    expect(c.metrics).toEqual([{ stage: "count.sum", metric: "sum", values: [sumOfPowers(100, 2), sumOfPowers(100, 3), sumOfPowers(100, 2)], delta: 0 }]);
    expect(c.options).toEqual([{ path: "stages[count.square].with.power", values: [2, 3, 2] }]);
  });

  test("bad references and a damaged history are user errors (exit 2) that say what to do", async () => {
    const out = tempDir();
    expect((await shortlist(["run", counting, "--out", out])).code).toBe(0);
    const one = await shortlistExact(["compare", out]);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain("holds 1 run; there is nothing to compare it with yet");
    const past = await shortlistExact(["compare", `${out}@1`, `${out}@4`]);
    expect(past.code).toBe(2);
    expect(past.stderr).toContain(`${out}@4: ${out}/history.jsonl holds 1 run(s)`);
    const none = await shortlistExact(["compare", join(out, "artifacts"), out]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("has no history.jsonl");
    const flag = await shortlistExact(["compare", out, "--lats", "2"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--lats");
    const last = await shortlistExact(["compare", out, "--last", "1"]);
    expect(last.code).toBe(2);
    expect(last.stderr).toContain("--last 1: expected a whole number of runs, 2 or more");
    appendFileSync(join(out, "history.jsonl"), "{not json\n");
    const damaged = await shortlistExact(["compare", `${out}@1`, `${out}@1`]);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toContain(`${join(out, "history.jsonl")}:2: not a run history entry`);
    // the next run still appends after the damaged line rather than failing
    expect((await shortlist(["run", counting, "--out", out])).code).toBe(0);
    expect(readFileSync(join(out, "history.jsonl"), "utf8").trim().split("\n")).toHaveLength(3);
  });
});
