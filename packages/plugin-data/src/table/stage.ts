/** data.table: interactions (and optional users / items) from parquet or CSV with a column mapping. */
import { isAbsolute, resolve } from "node:path";
import { checkPath, defineStage, table, UserError, type Column, type Table } from "@shortlist/runner";
import { z } from "zod";
import { BadRows } from "../io/bad-rows.ts";
import { readCsv, type ColumnKind } from "./csv.ts";
import { readParquet } from "./parquet.ts";

const file = {
  path: z.string().min(1).describe("File path, relative to the pipeline file"),
  format: z.enum(["auto", "csv", "parquet"]).default("auto").describe('"auto": by extension (.parquet → parquet, else CSV)'),
  delimiter: z.string().min(1).default(",").describe("CSV field delimiter (the first line must be a header)"),
};

const options = z.object({
  interactions: z
    .object({
      ...file,
      columns: z
        .object({
          user: z.string().default("user").describe("Source column with integer user ids"),
          item: z.string().default("item").describe("Source column with integer item ids"),
          rating: z.string().default("rating").describe('Source column with ratings; "" → every row rates 1 (implicit feedback)'),
          timestamp: z.string().default("timestamp").describe('Source column with unix seconds (or parquet timestamps); "" → 0'),
        })
        .prefault({})
        .describe("Which source column fills each interactions column"),
    })
    .describe("The interactions file"),
  users: z
    .object({ ...file, key: z.string().default("user").describe("Source column with the user id; every other column is kept as a feature") })
    .optional()
    .describe("Optional users file → `users`"),
  items: z
    .object({
      ...file,
      key: z.string().default("item").describe("Source column with the item id"),
      title: z.string().default("title").describe('Title column ("" → none)'),
      genres: z.string().default("genres").describe('"|"-joined genres column ("" → none)'),
      year: z.string().default("year").describe('Year column ("" → 0)'),
    })
    .optional()
    .describe("Optional items file → `items`"),
  onBadRow: z.enum(["fail", "skip"]).default("fail").describe('A malformed row stops the stage ("fail") or is skipped and counted ("skip")'),
});

type FileOptions = { path: string; format: "auto" | "csv" | "parquet"; delimiter: string };

async function readColumns(dir: string, f: FileOptions, wanted: Record<string, ColumnKind> | "all", bad: BadRows): Promise<Record<string, Column>> {
  const path = isAbsolute(f.path) ? f.path : resolve(dir, f.path);
  const parquet = f.format === "parquet" || (f.format === "auto" && /\.parquet$/i.test(path));
  return parquet ? readParquet(path, wanted, bad) : readCsv(path, f.delimiter, wanted, bad);
}

export const dataTable = defineStage({
  kind: "source",
  description: "Interactions, users and items from parquet or CSV files with a column mapping",
  options,
  inputs: [],
  outputs: (o) => ["interactions", ...(o.users ? ["users"] : []), ...(o.items ? ["items"] : [])],
  checkPaths: (o, dir) =>
    (["interactions", "users", "items"] as const)
      .map((key) => o[key] && checkPath([key, "path"], o[key].path, dir, "file"))
      .filter((p) => p !== undefined),
  async run(ctx, o) {
    const bad = new BadRows(o.onBadRow);
    const m = o.interactions.columns;
    const wanted: Record<string, ColumnKind> = { [m.user]: "int", [m.item]: "int" };
    if (m.rating) wanted[m.rating] = "float";
    if (m.timestamp) wanted[m.timestamp] = "int";
    const c = await readColumns(ctx.pipelineDir, o.interactions, wanted, bad);
    const n = c[m.user]!.length;
    if (n === 0) throw new UserError(`data.table: ${o.interactions.path} has a header but no rows`);
    ctx.output(
      "interactions",
      table({
        user: c[m.user]!,
        item: c[m.item]!,
        rating: m.rating ? c[m.rating]! : new Float32Array(n).fill(1),
        timestamp: m.timestamp ? c[m.timestamp]! : new Int32Array(n),
      }),
    );
    if (o.users) {
      const u = await readColumns(ctx.pipelineDir, o.users, "all", bad);
      ctx.output("users", table(renameKey(u, o.users.key, "user", o.users.path)));
    }
    if (o.items) ctx.output("items", await readItemsFile(ctx.pipelineDir, o.items, bad));
    bad.finish(ctx);
    ctx.log(`data.table: ${n} interactions from ${o.interactions.path}`);
  },
});

/** Moves the id column first under its artifact name, checking it holds integers. */
function renameKey(cols: Record<string, Column>, key: string, as: string, path: string): Record<string, Column> {
  const id = cols[key];
  if (!id) throw new UserError(`data.table: ${path} has no column "${key}" (columns: ${Object.keys(cols).join(", ")})`);
  if (Array.isArray(id)) throw new UserError(`data.table: ${path} column "${key}" must hold integer ids`);
  const rest = Object.fromEntries(Object.entries(cols).filter(([k]) => k !== key && k !== as));
  return { [as]: id, ...rest };
}

async function readItemsFile(dir: string, f: FileOptions & { key: string; title: string; genres: string; year: string }, bad: BadRows): Promise<Table> {
  const wanted: Record<string, ColumnKind> = { [f.key]: "int" };
  if (f.title) wanted[f.title] = "string";
  if (f.genres) wanted[f.genres] = "string";
  if (f.year) wanted[f.year] = "int";
  const c = await readColumns(dir, f, wanted, bad);
  const n = c[f.key]!.length;
  return table({
    item: c[f.key]!,
    title: f.title ? c[f.title]! : new Array<string>(n).fill(""),
    genres: f.genres ? c[f.genres]! : new Array<string>(n).fill(""),
    year: f.year ? c[f.year]! : new Int32Array(n),
  });
}
