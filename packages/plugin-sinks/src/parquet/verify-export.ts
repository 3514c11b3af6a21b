/**
 * sink.parquet's receipt and `verifyPublished`: the files it wrote, with sizes and sha256. A rerun
 * reuses the export only while every file is still there with those bytes; a deleted or edited
 * export file makes the sink write again.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { hashFile, type StageContext } from "@shortlist/runner";
import type { ParquetOptions } from "./parquet-options.ts";

/** The folder sink.parquet writes into: `dir` against the pipeline file, else export/ in the run directory. */
export function exportDir(o: ParquetOptions, paths: { runDir: string; pipelineDir: string }): string {
  return o.dir === undefined ? join(paths.runDir, "export") : resolve(paths.pipelineDir, o.dir);
}

export interface ExportReceipt {
  /** File name in the export folder → size and sha256. */
  files: Record<string, { bytes: number; sha256: string }>;
}

/** @example await exportReceipt(dir, ["recs.itemcf.parquet"]) */
export async function exportReceipt(dir: string, names: readonly string[]): Promise<ExportReceipt> {
  const files: ExportReceipt["files"] = {};
  for (const n of names) files[n] = { bytes: statSync(join(dir, n)).size, sha256: await hashFile(join(dir, n)) };
  return { files };
}

/** True when every exported file is unchanged, else which is not. */
export async function verifyExport(ctx: StageContext, o: ParquetOptions, receipt: unknown): Promise<true | string> {
  const files = (receipt as Partial<ExportReceipt> | undefined)?.files;
  if (!files) return "no record of an earlier export";
  const dir = exportDir(o, ctx);
  for (const [name, f] of Object.entries(files)) {
    const p = join(dir, name);
    if (!existsSync(p)) return `${p} is missing`;
    if (statSync(p).size !== f.bytes || (await hashFile(p)) !== f.sha256) return `${p} changed since it was written`;
  }
  return true;
}
