/** Creating the run directory (`--out`), with the faults a user can fix explained. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { environmentError } from "../environment-error.ts";

const FIXES = {
  ENOTDIR: "give --out a folder, or a path that does not exist yet",
  EEXIST: "give --out a folder, or a path that does not exist yet",
  ENOENT: "give --out a path where a folder can be created",
  EACCES: "give --out a folder you can write, or fix the permissions of its parent",
  EPERM: "give --out a folder you can write, or fix the permissions of its parent",
};

/**
 * Creates `runDir` and its `artifacts/` folder; a path that is a file, cannot be created or may
 * not be written becomes an EnvironmentError naming it (exit 2), not an internal error.
 * @example createRunDir(resolve(opts.out ?? "runs/movielens"))
 */
export function createRunDir(runDir: string): void {
  try {
    mkdirSync(join(runDir, "artifacts"), { recursive: true });
  } catch (e) {
    throw environmentError(e, "create the run directory", runDir, FIXES) ?? e;
  }
}
