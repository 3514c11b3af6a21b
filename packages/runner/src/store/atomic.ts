import { mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, basename, join } from "node:path";

let counter = 0;
/** A temporary sibling name: same folder (so rename is atomic), unique per process and call. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${++counter}`);
}

/**
 * Writes `path` through a temporary sibling that `write` fills, then renames it into place, so a
 * reader (or a crash) never finds a half-written file; the temporary file is removed on failure.
 * @example await writeAtomically("out/recs.parquet", (tmp) => writeParquetTo(tmp))
 */
export async function writeAtomically(path: string, write: (tmpPath: string) => void | Promise<void>): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    await write(tmp);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes bytes to `path` so that readers see either the old file or the whole new one.
 * @example await writeFileAtomic("runs/x/manifest.json", JSON.stringify(m))
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await writeAtomically(path, (tmp) => Bun.write(tmp, data).then(() => undefined));
}
