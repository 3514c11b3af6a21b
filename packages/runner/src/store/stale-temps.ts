/**
 * Removing temporary files a killed run left. Atomic writes go through `.<name>.tmp-<pid>-<n>`
 * (atomic.ts); a temp whose writer is still running belongs to a live write (another pipeline's
 * sink writing into the same folder) and is left alone.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pidAlive } from "./pid-alive.ts";

const TEMP = /^\..+\.tmp-(\d+)-\d+$/;

/**
 * Removes, in each folder (missing ones are skipped), the temps whose writer pid is gone; returns
 * the paths removed.
 * @example removeStaleTemps(["runs/x", "runs/x/artifacts", "runs/x/export"])
 */
export function removeStaleTemps(dirs: Iterable<string>): string[] {
  const removed: string[] = [];
  for (const dir of new Set(dirs)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) {
      const pid = Number(TEMP.exec(n)?.[1]);
      if (!pid || pid === process.pid || pidAlive(pid)) continue;
      rmSync(join(dir, n), { force: true, recursive: true });
      removed.push(join(dir, n));
    }
  }
  return removed;
}
