/** The runner end to end: a user's plugin through `shortlist run`, caching, resume after a kill. */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, FIXTURES, readUntil, shortlist, tempDir, writePipeline } from "./cli-helpers.ts";
import { readParquet } from "../packages/runner/src/store/parquet.ts";

const pipeline = join(FIXTURES, "counting.yaml");

describe("shortlist run", () => {
  test("runs a user's plugin, writes artifacts, manifest and metrics", async () => {
    const out = tempDir();
    const r = await shortlist(["run", pipeline, "--out", out], { N: "20" });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    const squares = await readParquet(join(out, "artifacts", "squares.parquet"));
    expect(Array.from(squares.columns.value! as Float64Array)).toEqual(Array.from({ length: 20 }, (_, i) => i * i));
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(metrics.stages["count.sum"].sum).toBe(Array.from({ length: 20 }, (_, i) => i * i).reduce((a, b) => a + b));
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    const rec = manifest.stages["count.square"];
    expect(rec.outputs.squares.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rec.inputs.numbers).toBe(manifest.stages["count.numbers"].outputs.numbers.hash);
    expect(r.stdout).toContain("count.sum");
  });

  test("a second run skips cached stages; a changed option reruns it and what depends on it; --fresh reruns all", async () => {
    const out = tempDir();
    expect((await shortlist(["run", pipeline, "--out", out])).code).toBe(0);
    const again = await shortlist(["run", pipeline, "--out", out]);
    expect(again.code).toBe(0);
    expect(again.stderr.match(/cached/g)?.length).toBe(3);
    const changed = await shortlist(["run", pipeline, "--out", out, "--set", "stages[count.square].with.power=3"]);
    expect(changed.stderr).toMatch(/count\.numbers ↺ cached/);
    expect(changed.stderr).toMatch(/count\.square ✓/);
    expect(changed.stderr).toMatch(/count\.sum ✓/);
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(metrics.stages["count.sum"].sum).toBe(Array.from({ length: 100 }, (_, i) => i ** 3).reduce((a, b) => a + b));
    const fresh = await shortlist(["run", pipeline, "--out", out, "--fresh"]);
    expect(fresh.stderr).not.toContain("cached");
  });

  test("killing a run mid-stage leaves no half-written artifact, and a rerun resumes", async () => {
    const out = tempDir();
    const p = Bun.spawn(["bun", CLI, "run", pipeline, "--out", out], { env: { ...process.env, N: "1000", DELAY: "300" }, stderr: "pipe", stdout: "ignore" });
    const seen = await readUntil(p.stderr.getReader(), /count\.square \d+%/);
    p.kill("SIGKILL");
    await p.exited;
    expect(seen).toMatch(/count\.square \d+%/);
    const files = readdirSync(join(out, "artifacts"));
    expect(files).toContain("numbers.parquet");
    expect(files).not.toContain("squares.parquet");
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stages)).toEqual(["count.numbers"]);
    const rerun = await shortlist(["run", pipeline, "--out", out], { N: "1000" });
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toMatch(/count\.numbers ↺ cached/);
    expect(rerun.stderr).toMatch(/count\.square ✓/);
    expect(readdirSync(join(out, "artifacts")).filter((f) => f.includes(".tmp-"))).toEqual([]);
    expect(existsSync(join(out, "artifacts", "squares.parquet"))).toBe(true);
  });
});

describe("when:", () => {
  test("a stage whose when: is empty is left out, and runs once it is set", async () => {
    const file = writePipeline(`name: w\nplugins: [${JSON.stringify(join(FIXTURES, "counting-plugin.ts"))}]\nstages:\n  - use: count.numbers\n  - use: count.square\n  - use: count.sum\n    when: \${WITH_SUM:-}\n`);
    const off = await shortlist(["run", file, "--out", join(file, "..", "run")]);
    expect(off.code).toBe(0);
    expect(off.stderr).toContain("count.sum: left out");
    expect(off.stdout).not.toMatch(/count\.sum\s/);
    const on = await shortlist(["run", file, "--out", join(file, "..", "run")], { WITH_SUM: "1" });
    expect(on.stdout).toContain("count.sum: sum=285");
  });
});

describe("shortlist plugins / validate", () => {
  test("plugins --json lists stages with their option schemas", async () => {
    const r = await shortlist(["plugins", "--json", pipeline]);
    expect(r.code).toBe(0);
    const infos = JSON.parse(r.stdout) as { name: string; stages: { name: string; options: { name: string; type: string; default: unknown }[]; schema: any }[] }[];
    const mine = infos.find((p) => p.name === "counting-plugin")!;
    const square = mine.stages.find((s) => s.name === "count.square")!;
    expect(square.options).toContainEqual(expect.objectContaining({ name: "power", type: "integer", default: 2 }));
    expect(square.schema.properties.delayMs.description).toBe("sleep per 10 % of the work");
    expect(infos.some((p) => p.name === "@shortlist/runner")).toBe(true);
  });

  test("plugins prints a readable listing", async () => {
    const r = await shortlist(["plugins", pipeline]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("power: integer = 2  — exponent");
  });

  test("validate checks without running", async () => {
    const r = await shortlist(["validate", pipeline]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("count.numbers → count.square → count.sum");
  });
});
