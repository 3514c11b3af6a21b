/**
 * One run per run directory. Two runs on one `--out` would rewrite each other's manifest and
 * artifacts, so a run holds `run.lock` (pid, time, and the process's start ticks and boot id)
 * from start to end. The file is written under a temporary name and hard-linked into place: the link fails when the lock exists
 * (like O_EXCL) and a reader never sees a half-written lock. A lock whose writer is gone (a run killed
 * with SIGKILL; its pid gone, or reused by another process: other start ticks, another boot) is
 * taken over with a warning.
 */
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.ts";
import { currentHolder, holderAlive, type LockHolder } from "./pid-alive.ts";

export const LOCK_FILE = "run.lock";

type Holder = LockHolder & { startedAt: string };

export interface RunLock {
  readonly path: string;
  /** Removes the lock if it is still this process's. */
  release(): void;
}

function readHolder(path: string): Holder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, "utf8")) as Holder;
    return Number.isInteger(h.pid) ? h : undefined;
  } catch {
    return undefined;
  }
}

function tryLink(path: string, content: string): boolean {
  const tmp = `${path}.${process.pid}.new`;
  writeFileSync(tmp, content);
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Takes the lock of `runDir` or throws a UserError naming the run that holds it.
 * @example
 * const lock = acquireRunLock("runs/movielens", (m) => process.stderr.write(m + "\n"));
 * try { … } finally { lock.release(); }
 */
export function acquireRunLock(runDir: string, warn: (message: string) => void): RunLock {
  const path = join(runDir, LOCK_FILE);
  const mine: Holder = currentHolder();
  const content = JSON.stringify(mine);
  for (let attempt = 0; !tryLink(path, content); attempt++) {
    const holder = readHolder(path);
    if (holder === undefined && attempt === 0) continue; // removed meanwhile: try again
    if (holder && holderAlive(holder)) {
      throw new UserError(`run directory ${runDir} is in use by another shortlist run (pid ${holder.pid}, started ${holder.startedAt}): wait for it to finish or give another --out (if no such run is going on, delete ${path})`);
    }
    if (attempt >= 2) throw new UserError(`cannot take the lock ${path} (another run is taking it at the same time): try again`);
    // Move the stale lock aside under a name of our own, so two runs taking it over do not both win.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      continue;
    }
    const moved = readHolder(aside);
    if (moved && moved.pid !== holder?.pid && holderAlive(moved)) {
      try {
        linkSync(aside, path); // we moved a live run's fresh lock: put it back
      } catch {}
      rmSync(aside, { force: true });
      throw new UserError(`run directory ${runDir} is in use by another shortlist run (pid ${moved.pid}, started ${moved.startedAt}): wait for it to finish or give another --out`);
    }
    rmSync(aside, { force: true });
    warn(`warning: ${path} was left by pid ${holder?.pid ?? "?"}${holder ? ` (started ${holder.startedAt})` : ""}, which is no longer running; taking it over`);
  }
  return {
    path,
    release() {
      if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
    },
  };
}
