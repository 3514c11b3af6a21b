import { mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import { environmentError } from "../environment-error.ts";

let counter = 0;
/** A temporary sibling name: same folder (so rename is atomic), unique per process and call. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${++counter}`);
}

/** True when the error is about the file being written (or its folder), not something `write` read. */
function aboutThisWrite(e: unknown, tmp: string, path: string): boolean {
  const p = (e as { path?: unknown } | null)?.path;
  return typeof p !== "string" || p === tmp || path.startsWith(p);
}

/**
 * Writes `path` through a temporary sibling that `write` fills, then renames it into place, so a
 * reader (or a crash) never finds a half-written file; the temporary file is removed on failure.
 * A fault of the machine (disk full, no permission) becomes an EnvironmentError naming `path`, not
 * the temporary name the errno error would name (or no name at all: ENOSPC on write has none).
 * @example await writeAtomically("out/recs.parquet", (tmp) => writeParquetTo(tmp))
 */
export async function writeAtomically(path: string, write: (tmpPath: string) => void | Promise<void>): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    mkdirSync(dirname(path), { recursive: true });
    await write(tmp);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw (aboutThisWrite(e, tmp, path) && environmentError(e, "write", path)) || e;
  }
}

/**
 * Writes bytes to `path` so that readers see either the old file or the whole new one.
 * @example await writeFileAtomic("runs/x/manifest.json", JSON.stringify(m))
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await writeAtomically(path, (tmp) => Bun.write(tmp, data).then(() => undefined));
}
