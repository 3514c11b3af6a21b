import { expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeAtomically } from "./atomic.ts";

test("the file appears whole under its name, and no temporary file stays", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sinks-atomic-"));
  const path = join(dir, "sub", "a.parquet");
  await writeAtomically(path, (tmp) => {
    expect(existsSync(path)).toBe(false);
    writeFileSync(tmp, "new");
  });
  expect(readFileSync(path, "utf8")).toBe("new");
  expect(readdirSync(join(dir, "sub"))).toEqual(["a.parquet"]);
});

test("a failed write leaves the previous file untouched and removes the temporary one", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sinks-atomic-"));
  const path = join(dir, "a.parquet");
  writeFileSync(path, "old");
  const p = writeAtomically(path, (tmp) => {
    writeFileSync(tmp, "half");
    throw new Error("disk full");
  });
  await expect(p).rejects.toThrow("disk full");
  expect(readFileSync(path, "utf8")).toBe("old");
  expect(readdirSync(dir)).toEqual(["a.parquet"]);
});
