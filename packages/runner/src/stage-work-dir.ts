/**
 * A stage's work folder: where a long stage keeps what it needs to resume after a crash (a
 * checkpoint per epoch), outside its artifacts. The folder is named by the stage id and its
 * fingerprint, so a rerun with the same plugin version, options, seed and inputs finds it again,
 * while a changed stage starts clean; it is removed once the stage has succeeded.
 */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/** Folder under the run directory that holds every stage's work folder. */
export const WORK_ROOT = "work";

const safe = (id: string): string => id.replace(/[^A-Za-z0-9._-]/g, "_");

/**
 * Creates (or finds) the work folder of one stage run and removes the stage's folders of other
 * fingerprints, which no rerun can resume from.
 * @example
 * const dir = openWorkDir("runs/ml", "recall.simplex", "3f2a…") // runs/ml/work/recall.simplex-3f2a…
 */
export function openWorkDir(runDir: string, stageId: string, fingerprint: string): string {
  const root = join(runDir, WORK_ROOT);
  const name = `${safe(stageId)}-${fingerprint.slice(0, 16)}`;
  mkdirSync(join(root, name), { recursive: true });
  for (const other of readdirSync(root)) {
    if (other !== name && other.startsWith(`${safe(stageId)}-`) && /^[0-9a-f]{16}$/.test(other.slice(safe(stageId).length + 1))) {
      rmSync(join(root, other), { recursive: true, force: true });
    }
  }
  return join(root, name);
}

/** Removes a finished stage's work folder (and the work root once empty). @example closeWorkDir("runs/ml", "recall.simplex", fp) */
export function closeWorkDir(runDir: string, stageId: string, fingerprint: string): void {
  const root = join(runDir, WORK_ROOT);
  rmSync(join(root, `${safe(stageId)}-${fingerprint.slice(0, 16)}`), { recursive: true, force: true });
  try {
    if (readdirSync(root).length === 0) rmSync(root, { recursive: true, force: true });
  } catch {
    // no work root: nothing to tidy
  }
}
