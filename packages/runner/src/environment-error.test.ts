import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { duringStage, environmentError, EnvironmentError, explainEnvironmentFault } from "./environment-error.ts";
import { StageError, UserError } from "./errors.ts";

const errno = (code: string, extra: object = {}) => Object.assign(new Error(`${code}: raw`), { code, ...extra });

test("a fault becomes 'cannot <action> <path>: <why> (<CODE>)' with a fix; anything else is left alone", () => {
  const e = environmentError(errno("ENOSPC"), "write", "/runs/x/a.parquet");
  expect(e).toBeInstanceOf(EnvironmentError);
  expect(e).toBeInstanceOf(UserError);
  expect(e!.message).toBe("cannot write /runs/x/a.parquet: no space left on the device (ENOSPC)\n  fix: free space on that disk, or give --out a folder on another one");
  expect(environmentError(new TypeError("x is undefined"), "write", "/a")).toBeUndefined();
  expect(environmentError(errno("ECONNRESET"), "write", "/a")).toBeUndefined();
});

test("ENOTDIR names the file standing where a folder should be", () => {
  const file = join(mkdtempSync(join(tmpdir(), "env-error-")), "taken");
  writeFileSync(file, "");
  expect(environmentError(errno("ENOTDIR"), "create", join(file, "a", "b"), { ENOTDIR: "pick a folder" })!.message).toBe(`cannot create ${join(file, "a", "b")}: ${file} is a file, not a folder (ENOTDIR)\n  fix: pick a folder`);
});

test("duringStage names the stage; the CLI's net explains raw faults, inside a stage or not", () => {
  const e = duringStage(environmentError(errno("EACCES"), "write", "/r/a.npy"), "recall.itemcf") as Error;
  expect(e.message).toStartWith('stage "recall.itemcf": cannot write /r/a.npy: permission denied (EACCES)');
  const plain = new Error("bug");
  expect(duringStage(plain, "s")).toBe(plain);

  const raw = explainEnvironmentFault(errno("EROFS", { syscall: "open", path: "/ro/x" })) as Error;
  expect(raw).toBeInstanceOf(EnvironmentError);
  expect(raw.message).toStartWith("cannot open /ro/x: the file system is read-only (EROFS)");
  const inStage = explainEnvironmentFault(new StageError("p", "sink.x", errno("ENOSPC", { syscall: "write" }))) as StageError;
  expect(inStage.isUserError).toBe(true);
  expect(inStage.message).toStartWith('[p] stage "sink.x": cannot write a file: no space left on the device (ENOSPC)');
  const bug = new StageError("p", "s", new TypeError("oops"));
  expect(explainEnvironmentFault(bug)).toBe(bug);
});
