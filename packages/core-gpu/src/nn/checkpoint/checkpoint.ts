/**
 * Checkpoint files: safetensors on disk, written so that a reader or a crash never sees half a
 * file. The bytes go to a temporary sibling (same folder, so the rename is atomic on one file
 * system), are flushed to disk, and then renamed over the target; on any failure the temporary file
 * is removed and the previous checkpoint, if any, stays as it was. (core-gpu cannot use the
 * runner's writeAtomically: dependencies point from runner to core-gpu, not back.)
 */
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CheckpointError, decodeSafetensors, encodeSafetensors, type DecodedSafetensors, type SafeTensor } from "./safetensors.ts";

let counter = 0;

/** A temporary name beside `path`, unique per process and call; hidden, so listings skip it. */
export function checkpointTempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${++counter}`);
}

/**
 * Writes tensors and string metadata to `path` as safetensors, atomically; creates the folder.
 * @example
 * await saveCheckpoint("runs/x/twotower.safetensors", new Map([["user.emb", { dtype: "F32", shape: [n, 64], data }]]), { step: "1000" });
 */
export async function saveCheckpoint(path: string, tensors: ReadonlyMap<string, SafeTensor>, metadata?: Record<string, string>): Promise<void> {
  // Encoding first: an invalid tensor fails before anything touches the disk.
  const bytes = encodeSafetensors(tensors, metadata, path);
  await mkdir(dirname(path), { recursive: true });
  const tmp = checkpointTempPath(path);
  try {
    const file = await open(tmp, "wx");
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new CheckpointError(path, `could not write the checkpoint (${e instanceof Error ? e.message : String(e)}); nothing was changed`);
  }
}

/**
 * Reads and validates a safetensors checkpoint; every error names `path` and what is wrong.
 * @example
 * const { tensors, metadata } = await loadCheckpoint("runs/x/twotower.safetensors");
 */
export async function loadCheckpoint(path: string): Promise<DecodedSafetensors> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new CheckpointError(path, `could not read the checkpoint (${e instanceof Error ? e.message : String(e)})`);
  }
  return decodeSafetensors(bytes, path);
}
