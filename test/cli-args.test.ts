/**
 * Issue 17 item 3, as a user types it: --version, --help per command, a suggestion for a misspelt
 * flag (exit 2), `validate` over several files (each reported, exit 2 if any fails), `k: 10` where a
 * list is meant.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pkg from "../packages/runner/package.json" with { type: "json" };
import { FIXTURES, shortlist, shortlistExact, tempDir, writePipeline } from "./cli-helpers.ts";

describe("the shortlist CLI", () => {
  test("--version prints the runner's version", async () => {
    const r = await shortlistExact(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toStartWith(`shortlist ${pkg.version} `);
  });

  test("run --help shows run's flags and exits 0", async () => {
    const r = await shortlistExact(["run", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toStartWith("usage: shortlist run <pipeline.yaml>");
    for (const flag of ["--out DIR", "--set path=value", "--fresh", "--only STAGE", "--allow-plugin-path DIR"]) expect(r.stdout).toContain(flag);
    expect(r.stdout).not.toContain("--json");
  });

  test("a misspelt flag suggests the right one, exit 2", async () => {
    const r = await shortlistExact(["run", join(FIXTURES, "counting.yaml"), "--frsh"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("did you mean --fresh?");
  });

  test("validate takes several files, reports each, and exits 2 when any fails", async () => {
    const good = join(FIXTURES, "counting.yaml");
    const bad = writePipeline(`name: bad\nstages:\n  - use: recall.popularr\n`);
    const both = await shortlist(["validate", good, bad, good]);
    expect(both.code).toBe(2);
    expect(both.stdout.match(/counting.yaml: ok/g)).toHaveLength(2);
    expect(both.stderr).toContain(`${bad}:3:`);
    expect(both.stderr).toContain('did you mean "recall.popular"?');
    expect(both.stderr).toContain("1 of 3 pipeline files failed");
    const ok = await shortlist(["validate", good, good]);
    expect(ok.code).toBe(0);
  });

  test("k: 10 is taken as k: [10]", async () => {
    const file = writePipeline(`name: k
plugins: ["@shortlist/plugin-data"]
stages:
  - use: data.movielens
    with: { path: "synthetic:tiny" }
  - use: data.features
  - use: recall.popular
  - use: eval.recs
    with: { recs: recs.popular, k: 10 }
`);
    const out = tempDir();
    const r = await shortlist(["run", file, "--out", out]);
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    const metrics = Object.keys(JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")).stages["eval.recs"]);
    expect(metrics).toContain("recall@10");
    expect(metrics).not.toContain("recall@20");
  });
});
