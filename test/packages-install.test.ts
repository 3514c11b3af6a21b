/**
 * The packages as a user gets them: every package packed (`bun pm pack`), the tarballs installed
 * into an empty project outside the checkout, then `shortlist plugins` and a small pipeline run from
 * there. Only our tarballs and their npm dependencies are installed: `overrides` point every
 * `@shortlist/*` range (a plugin's peer `^0.1.0`) at its tarball, so no registry is asked for those
 * names, and `--prefer-offline` takes the npm packages from Bun's cache where they are.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tempDir } from "./cli-helpers.ts";

const root = resolve(import.meta.dir, "..");
const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: "skip", XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? "/tmp" };

async function sh(cmd: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const p = Bun.spawn(cmd, { cwd, env, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, stdout, stderr };
}

const PIPELINE = `name: installed
seed: 1
backend: cpu
plugins: ["@shortlist/plugin-data", "@shortlist/plugin-itemcf", "@shortlist/plugin-swing", "@shortlist/plugin-i2i", "@shortlist/plugin-sinks"]
stages:
  - use: data.movielens
    with: { path: "synthetic:tiny" }
  - use: data.features
    with: { split: leave-last }
  - use: recall.itemcf
    with: { neighbours: 10 }
  - use: recall.swing
    with: { neighbours: 10 }
  - use: recall.i2i-recs
    with: { i2i: i2i.itemcf }
  - use: eval.recs
    with: { recs: recs.itemcf, k: [10] }
  - use: sink.parquet
`;

describe("packed and installed packages", () => {
  const work = tempDir("shortlist-install-");
  const project = join(work, "project");
  const tarballs: Record<string, string> = {}; // package name → tarball path
  const manifests: Record<string, Record<string, unknown>> = {};
  const contents: Record<string, string[]> = {};

  beforeAll(async () => {
    for (const dir of readdirSync(join(root, "packages"))) {
      const pkg = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"));
      const packed = await sh(["bun", "pm", "pack", "--destination", work, "--quiet"], join(root, "packages", dir));
      if (packed.code !== 0) throw new Error(`bun pm pack in packages/${dir} failed:\n${packed.stderr}`);
      const file = packed.stdout.trim().split("\n").at(-1)!;
      tarballs[pkg.name] = resolve(work, file);
      manifests[pkg.name] = JSON.parse((await sh(["tar", "xzf", tarballs[pkg.name]!, "-O", "package/package.json"], work)).stdout);
      contents[pkg.name] = (await sh(["tar", "tzf", tarballs[pkg.name]!], work)).stdout.trim().split("\n");
    }
    const deps = Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]));
    await Bun.write(join(project, "package.json"), JSON.stringify({ name: "trying-shortlist", private: true, type: "module", dependencies: deps, overrides: deps }, null, 1));
    const installed = await sh(["bun", "install", "--prefer-offline"], project);
    if (installed.code !== 0) throw new Error(`bun install of the tarballs failed:\n${installed.stdout}\n${installed.stderr}`);
  }, 240_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("each tarball: ranges instead of workspace: (peers stay ranges), no tests, a README", () => {
    expect(Object.keys(manifests).length).toBe(readdirSync(join(root, "packages")).length);
    for (const [name, m] of Object.entries(manifests)) {
      expect(JSON.stringify(m)).not.toContain("workspace:");
      for (const field of ["dependencies", "peerDependencies"]) {
        for (const [dep, range] of Object.entries((m[field] ?? {}) as Record<string, string>)) {
          if (dep.startsWith("@shortlist/")) expect(`${name} ${field}.${dep}: ${range}`).toMatch(/: \^\d+\.\d+\.\d+$/);
        }
      }
      expect(contents[name]!.filter((f) => f.endsWith(".test.ts"))).toEqual([]);
      expect(contents[name]).toContain("package/README.md");
    }
    expect(contents["@shortlist/runner"]).toContain("package/bin/shortlist.js");
  });

  test("`shortlist plugins` lists every installed plugin's stages", async () => {
    const r = await sh([join(project, "node_modules/.bin/shortlist"), "plugins", "--json"], project);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const stages = (JSON.parse(r.stdout) as { stages: { name: string }[] }[]).flatMap((p) => p.stages.map((s) => s.name));
    expect(stages).toEqual(expect.arrayContaining(["data.movielens", "data.features", "recall.itemcf", "recall.swing", "recall.i2i-recs", "eval.recs", "sink.parquet", "sink.redis"]));
  });

  test("a small pipeline runs from the installed packages", async () => {
    writeFileSync(join(project, "pipeline.yaml"), PIPELINE);
    const r = await sh([join(project, "node_modules/.bin/shortlist"), "run", "pipeline.yaml"], project);
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    const metrics = JSON.parse(readFileSync(join(project, "runs/installed/metrics.json"), "utf8"));
    expect(metrics.stages["eval.recs"]["recall@10"]).toBeGreaterThan(0);
    expect(existsSync(join(project, "runs/installed/export/recs.itemcf.parquet"))).toBe(true);
  }, 60_000);

  test.skipIf(!Bun.which("node"))("under Node the bin says Bun is needed and how to run it (exit 2)", async () => {
    const r = await sh(["node", join(project, "node_modules/.bin/shortlist"), "plugins"], project);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("shortlist needs Bun (https://bun.sh); this is Node");
    expect(r.stderr).toContain(`then run:     bun ${join(project, "node_modules/.bin/shortlist")} plugins`);
  });
});
