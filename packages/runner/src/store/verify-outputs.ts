/**
 * Whether a finished stage's outputs on disk are still the bytes it wrote: size first (cheap), then
 * the sha256 recorded in manifest.json. A stage is reused only when this passes, so a file that was
 * truncated, replaced or flipped by a disk fault is recomputed instead of read by later stages.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { hashFile } from "./file-hash.ts";
import type { StageRecord } from "./manifest.ts";

/**
 * Undefined when every recorded output is intact, else why not (for the log line).
 * @example await outputsChanged(runDir, manifest.stages["data.features"]) // "artifacts/split.train.parquet changed on disk (sha256 differs)"
 */
export async function outputsChanged(runDir: string, rec: StageRecord): Promise<string | undefined> {
  for (const o of Object.values(rec.outputs)) {
    const p = join(runDir, o.file);
    if (!existsSync(p)) return `${o.file} is missing`;
    const size = statSync(p).size;
    if (size !== o.bytes) return `${o.file} changed on disk (${size} bytes, ${o.bytes} recorded)`;
  }
  for (const o of Object.values(rec.outputs)) {
    if ((await hashFile(join(runDir, o.file))) !== o.hash) return `${o.file} changed on disk (sha256 differs from the one recorded)`;
  }
  return undefined;
}
