import { expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkPath } from "./input-paths.ts";

const dir = mkdtempSync(join(tmpdir(), "shortlist-paths-"));
mkdirSync(join(dir, "data"));
writeFileSync(join(dir, "data", "ratings.csv"), "user,item\n");

test("an existing path of the wanted kind is fine, relative to the pipeline's folder or absolute", () => {
  expect(checkPath(["path"], "data", dir, "folder")).toBeUndefined();
  expect(checkPath(["path"], join(dir, "data", "ratings.csv"), "/elsewhere", "file")).toBeUndefined();
});

test("missing: names the resolved path and the folder it is relative to", () => {
  const p = checkPath(["interactions", "path"], "nope.csv", dir, "file")!;
  expect(p.option).toEqual(["interactions", "path"]);
  expect(p.problem).toBe(`no such file: ${join(dir, "nope.csv")} ("nope.csv" is relative to the pipeline file's folder, ${dir})`);
  expect(p.fix).toContain("starts at the pipeline file's folder");
});

test("the wrong kind: a file where a folder is wanted suggests its folder, and the reverse", () => {
  expect(checkPath(["path"], "data/ratings.csv", dir, "folder")).toMatchObject({ problem: `${join(dir, "data", "ratings.csv")} is a file, not a folder`, fix: 'give the folder that holds it: "data"' });
  expect(checkPath(["path"], "data", dir, "file")?.problem).toBe(`${join(dir, "data")} is a folder, not a file`);
});
