import { expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeAtomically } from "./atomic.ts";
import { EnvironmentError } from "../environment-error.ts";

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

test("a fault of the machine names the file being written, not its temporary name", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sinks-atomic-"));
  const path = join(dir, "a.parquet");
  // ENOSPC on write carries no path at all: the message must supply it
  const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write" });
  const p = writeAtomically(path, (tmp) => {
    writeFileSync(tmp, "half");
    throw full;
  });
  await expect(p).rejects.toThrow(`cannot write ${path}: no space left on the device (ENOSPC)`);
  await expect(p).rejects.toBeInstanceOf(EnvironmentError);
  expect(readdirSync(dir)).toEqual([]);
});

test("an error about another file that `write` read stays as it was", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sinks-atomic-"));
  const other = join(dir, "missing-input.bin");
  const p = writeAtomically(join(dir, "a.parquet"), () => void readFileSync(other));
  await expect(p).rejects.toThrow(/ENOENT/);
  await expect(p).rejects.not.toBeInstanceOf(EnvironmentError);
});
