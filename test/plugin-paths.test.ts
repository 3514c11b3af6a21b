/**
 * A pipeline file may load plugin files only from its own folder (after resolving symlinks and
 * `..`), unless the user allows another folder with --allow-plugin-path; package names stay allowed.
 * The refusal comes before the import, so a refused plugin's top-level code never runs.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { FIXTURES, shortlistExact, tempDir } from "./cli-helpers.ts";

/** A plugin whose top level writes a marker file: if the marker exists, its code ran. */
function markerPlugin(dir: string): { path: string; marker: string } {
  const marker = join(dir, "ran.marker");
  const path = join(dir, "marker-plugin.ts");
  writeFileSync(path, `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran");\nexport default { name: "marker", version: "1.0.0", apiVersion: 1, stages: {} };\n`);
  return { path, marker };
}

/** A pipeline folder with `p.yaml` naming `spec` as its plugin, on line 3 (`  - …`, column 5). */
function pipelineNaming(spec: string, dir = tempDir()): string {
  const file = join(dir, "p.yaml");
  writeFileSync(file, `name: p\nplugins:\n  - ${JSON.stringify(spec)}\nstages:\n  - use: count.numbers\n`);
  return file;
}

function expectRefused(r: { code: number; stderr: string }, file: string, plugin: string) {
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`${file}:3:5: plugins[0]: plugin file ${plugin} is outside the pipeline's folder`);
  expect(r.stderr).toContain("--allow-plugin-path");
  expect(r.stderr).not.toContain("internal error");
}

describe("plugin paths outside the pipeline's folder", () => {
  test("an absolute path elsewhere is refused before its top-level code runs; --allow-plugin-path allows it", async () => {
    const { path, marker } = markerPlugin(tempDir());
    const file = pipelineNaming(path);
    for (const command of ["validate", "run", "plugins"]) {
      const r = await shortlistExact(command === "run" ? [command, file, "--out", join(file, "..", "run")] : [command, file]);
      expectRefused(r, file, path);
      expect(existsSync(marker)).toBe(false);
    }
    expect(existsSync(join(file, "..", "run"))).toBe(false);
    const allowed = await shortlistExact(["validate", file, "--allow-plugin-path", join(path, "..")]);
    expect(allowed.stderr).not.toContain("outside the pipeline's folder");
    expect(existsSync(marker)).toBe(true);
  });

  test("a relative path climbing out with .. is refused", async () => {
    const outside = tempDir();
    const { path, marker } = markerPlugin(outside);
    const file = pipelineNaming(`../${basename(outside)}/marker-plugin.ts`);
    expectRefused(await shortlistExact(["validate", file]), file, path);
    expect(existsSync(marker)).toBe(false);
  });

  test("a symlink inside the folder that points outside is refused", async () => {
    const { path, marker } = markerPlugin(tempDir());
    const dir = tempDir();
    symlinkSync(path, join(dir, "innocent.ts"));
    const file = pipelineNaming("./innocent.ts", dir);
    expectRefused(await shortlistExact(["validate", file]), file, path);
    expect(existsSync(marker)).toBe(false);
  });

  test("the fixtures folder can be allowed (repeatable flag, either spelling)", async () => {
    const file = pipelineNaming(join(FIXTURES, "counting-plugin.ts"));
    expectRefused(await shortlistExact(["validate", file]), file, join(FIXTURES, "counting-plugin.ts"));
    const r = await shortlistExact(["validate", file, "--allow-plugin-path", tempDir(), `--allow-plugin-path=${FIXTURES}`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("what stays allowed", () => {
  test("a plugin file in the pipeline's folder or below it", async () => {
    expect((await shortlistExact(["validate", join(FIXTURES, "counting.yaml")])).code).toBe(0);
    const dir = tempDir();
    mkdirSync(join(dir, "plugins"));
    const { marker } = markerPlugin(join(dir, "plugins"));
    const file = pipelineNaming("./plugins/sub/../marker-plugin.ts", dir);
    mkdirSync(join(dir, "plugins", "sub"));
    const r = await shortlistExact(["validate", file]);
    expect(r.stderr).not.toContain("outside the pipeline's folder");
    expect(existsSync(marker)).toBe(true);
  });

  test("package names, resolved from the pipeline's folder", async () => {
    const file = join(tempDir(), "p.yaml");
    writeFileSync(file, `name: p\nplugins: ["@shortlist/plugin-data"]\nstages:\n  - use: data.synthetic.movielens\n`);
    const r = await shortlistExact(["validate", file]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});
