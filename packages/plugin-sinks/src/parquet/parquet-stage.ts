/**
 * sink.parquet, the default sink: needs no service. Each artifact becomes one file, written under a
 * temporary name and renamed into place.
 */
import { existsSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { defineStage, UserError, writeAtomically, type Artifact, type StageContext } from "@shortlist/runner";
import { familyOf, parseRef, presentRefs } from "../artifact-names.ts";
import { reportThroughput } from "../throughput.ts";
import { writeParquetFile } from "./parquet-file.ts";
import { parquetOptions, type ParquetOptions } from "./parquet-options.ts";
import { exportDir, exportReceipt, verifyExport } from "./verify-export.ts";
import { flatTable, matrixRows, nestedLists, type FileLayout } from "./table-files.ts";

/** The ids table beside an embeddings matrix, declared as an optional input so the runner loads it. */
const idsOf = (name: string) => {
  const f = familyOf(name);
  return f.kind === "embeddings" ? `emb.${f.algo}.item_ids` : undefined;
};

function inputsOf(o: ParquetOptions): string[] {
  const names = new Set(o.artifacts);
  for (const entry of o.artifacts) {
    const ids = idsOf(parseRef(entry).name);
    if (ids && !names.has(ids)) names.add(`${ids}?`);
  }
  return [...names];
}

async function layoutOf(ctx: StageContext, name: string, a: Artifact, o: ParquetOptions): Promise<FileLayout> {
  if (a.kind === "matrix") {
    const ids = idsOf(name);
    let idCol: Int32Array | undefined;
    if (ids && ctx.has(ids)) {
      const t = await ctx.table(ids);
      const c = t.columns.item;
      if (c instanceof Int32Array && c.length === a.rows) idCol = c;
      else ctx.log(`${ids} has no Int32 item column of ${a.rows} rows; ${name} is written with row numbers`);
    }
    return matrixRows(a, idCol);
  }
  if (a.kind !== "table") throw new Error(`unreachable: ${a.kind}`);
  const kind = familyOf(name).kind;
  if (o.listShape === "metaspore" && (kind === "recs" || kind === "i2i")) {
    return nestedLists(a, name, { id: o.idField, score: o.scoreField });
  }
  return flatTable(a);
}

/** Writes one artifact; returns the rows it holds (0 for json and blobs) and the file. */
async function writeOne(ctx: StageContext, dir: string, name: string, o: ParquetOptions): Promise<{ rows: number; file: string }> {
  const a = await ctx.input(name);
  if (a.kind === "json") {
    const file = join(dir, `${name}.json`);
    await writeAtomically(file, (tmp) => writeFileSync(tmp, JSON.stringify(a.value, null, 2)));
    return { rows: 0, file };
  }
  if (a.kind === "blob") {
    const file = join(dir, `${name}.${a.ext.replace(/^\./, "")}`);
    await writeAtomically(file, (tmp) => writeFileSync(tmp, a.bytes));
    return { rows: 0, file };
  }
  const layout = await layoutOf(ctx, name, a, o);
  const path = join(dir, `${name}.parquet`);
  await writeAtomically(path, (tmp) => writeParquetFile(tmp, layout.schema, layout.chunks, { codec: o.codec, rowGroupSize: o.rowGroupSize }));
  ctx.log(`${name} → ${path} (${layout.rows} rows)`);
  return { rows: layout.rows, file: path };
}

export const parquetSink = defineStage({
  kind: "sink",
  description: "Writes artifacts to parquet files in the run directory or a folder (no service needed)",
  options: parquetOptions,
  inputs: inputsOf,
  outputs: [],
  writesTo: (o, paths) => [exportDir(o, paths)],
  verifyPublished: verifyExport,
  async run(ctx, o) {
    const dir = exportDir(o, ctx);
    if (existsSync(dir) && !statSync(dir).isDirectory()) {
      throw new UserError(`sink.parquet dir "${o.dir}" is a file (${dir}): give a folder (it is created when missing)`);
    }
    const present = presentRefs(ctx, "sink.parquet", o.artifacts, "export");
    const started = performance.now();
    let rows = 0;
    const files: string[] = [];
    for (const r of present) {
      ctx.signal.throwIfAborted();
      const written = await writeOne(ctx, dir, r.name, o);
      rows += written.rows;
      files.push(basename(written.file));
    }
    ctx.recordPublished(await exportReceipt(dir, files));
    reportThroughput(ctx, dir, rows, performance.now() - started, `${present.length} files`);
  },
});
