/**
 * Every package's package.json has what an installed package needs: the fields npm and Bun read,
 * peers that allow independent versions (`workspace:^` packs as `^x.y.z`, `workspace:*` as the
 * exact version), the same dependency ranges as the root, and a bin that Node can parse.
 * test/packages-install.test.ts packs and installs them for real.
 */
import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const read = (p: string) => JSON.parse(readFileSync(join(root, p), "utf8"));
const rootPkg = read("package.json");
const packages = readdirSync(join(root, "packages")).map((dir) => ({ dir, pkg: read(`packages/${dir}/package.json`) }));

test.each(packages.map((p) => [p.dir, p.pkg] as const))("packages/%s/package.json: files, types, engines, license, repository", (dir, pkg) => {
  expect(pkg.files).toEqual(expect.arrayContaining(["src", "!src/**/*.test.ts"]));
  expect(pkg.types).toBe(pkg.main);
  expect(pkg.engines?.bun).toMatch(/^>=1\.\d+\.\d+$/);
  expect(typeof pkg.license).toBe("string");
  expect(pkg.repository).toEqual({ type: "git", url: packages[0]!.pkg.repository.url, directory: `packages/${dir}` });
});

test.each(packages.map((p) => [p.dir, p.pkg] as const))("packages/%s: workspace ranges are workspace:^, npm ranges as the root's", (dir, pkg) => {
  for (const field of ["dependencies", "peerDependencies", "devDependencies"]) {
    for (const [name, range] of Object.entries<string>(pkg[field] ?? {})) {
      if (name.startsWith("@shortlist/")) expect(`${field}.${name}: ${range}`).toBe(`${field}.${name}: workspace:^`);
      const rootRange = rootPkg.devDependencies?.[name];
      if (rootRange) expect(`${field}.${name}: ${range}`).toBe(`${field}.${name}: ${rootRange}`);
    }
  }
});

test("the runner's bin is JavaScript (Node can parse it and say that Bun is needed), packed with it", () => {
  const runner = packages.find((p) => p.dir === "runner")!.pkg;
  expect(runner.bin.shortlist).toBe("bin/shortlist.js");
  expect(runner.files).toContain("bin");
  expect(readFileSync(join(root, "packages/runner/bin/shortlist.js"), "utf8")).toStartWith("#!/usr/bin/env bun\n");
});
