import { mkdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes `path` through a temporary name in the same folder and renames it into place, so a reader
 * (or a crash) never finds a half-written file; the temporary file is removed when writing fails.
 * @example await writeAtomically("out/recs.parquet", (tmp) => writeParquetTo(tmp))
 */
export async function writeAtomically(path: string, write: (tmpPath: string) => void | Promise<void>): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  try {
    await write(tmp);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
