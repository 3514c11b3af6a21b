/**
 * Data paths are checked before anything runs: `shortlist validate` (and `run`, before its first
 * stage) exits 2 naming the option's file:line:col when a source's file or folder is missing, and
 * says what a path relative to the current folder would be from the pipeline file's folder (the
 * mistake examples/movielens.yaml's header used to invite).
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { shortlist, tempDir, writePipeline } from "./cli-helpers.ts";

const head = `name: paths\nplugins: ["@shortlist/plugin-data"]\nstages:\n`;

describe("input paths", () => {
  test("a missing MovieLens folder is a config error at its option, before anything runs", async () => {
    const file = writePipeline(`${head}  - use: data.movielens\n    with:\n      path: ./no-such-folder\n  - use: data.features\n`);
    const r = await shortlist(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:6:13: stages[0].with.path: data.movielens: no such folder: ${join(file, "..", "no-such-folder")}`);
    expect(r.stderr).toContain("relative to the pipeline file's folder");
    const out = join(file, "..", "run");
    const run = await shortlist(["run", file, "--out", out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:6:13:`);
    expect(existsSync(join(out, "artifacts"))).toBe(false);
  });

  test("a path given relative to the current folder: the fix gives it from the pipeline's folder", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "pipes"));
    mkdirSync(join(cwd, "data", "ml"), { recursive: true });
    writeFileSync(join(cwd, "pipes", "p.yaml"), `${head}  - use: data.movielens\n    with: { path: "\${ML_DIR}" }\n`);
    const r = await shortlist(["validate", "pipes/p.yaml"], { ML_DIR: "data/ml" }, cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`fix: from the pipeline file's folder that folder is "../data/ml"`);
    const ok = await shortlist(["validate", "pipes/p.yaml"], { ML_DIR: "../data/ml" }, cwd);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
  });

  test("data.table: each missing file is placed at its own option; a folder where a file is wanted is refused", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "ratings.csv"), "user,item,rating,timestamp\n1,2,5,0\n");
    const yaml = (items: string) => `${head}  - use: data.table\n    with:\n      interactions: { path: ratings.csv }\n      items:\n        path: ${items}\n`;
    writeFileSync(join(dir, "p.yaml"), yaml("items.csv"));
    const r = await shortlist(["validate", join(dir, "p.yaml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`p.yaml:8:15: stages[0].with.items.path: data.table: no such file: ${join(dir, "items.csv")}`);
    writeFileSync(join(dir, "p.yaml"), yaml("."));
    const folder = await shortlist(["validate", join(dir, "p.yaml")]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`${dir} is a folder, not a file`);
    writeFileSync(join(dir, "p.yaml"), yaml("ratings.csv"));
    expect((await shortlist(["validate", join(dir, "p.yaml")])).code).toBe(0);
  });

  test("synthetic data needs no path", async () => {
    const file = writePipeline(`${head}  - use: data.movielens\n    with: { path: "synthetic:ml-100k" }\n`);
    expect((await shortlist(["validate", file])).code).toBe(0);
  });

  test("the ML_DIR hint in examples/movielens.yaml's header validates from the checkout's root", async () => {
    const root = resolve(import.meta.dir, "..");
    const hint = /^# {3}ML_DIR=(\S+) bun run demo/m.exec(readFileSync(join(root, "examples/movielens.yaml"), "utf8"));
    expect(hint).not.toBeNull();
    if (!existsSync(resolve(root, "../shared/data/ml-100k"))) {
      console.log("skip: ../shared/data/ml-100k (beside the checkout) is absent");
      return;
    }
    const r = await shortlist(["validate", "examples/movielens.yaml"], { ML_DIR: hint![1]! }, root);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});
