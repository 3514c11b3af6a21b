/**
 * A client nobody here wrote reads what the runner writes: DuckDB opens every parquet file of a
 * demo run (artifacts and exports), sees the same row counts and values as our own reader, and
 * reads the `recent_items` feature as a real LIST column (INTEGER[]), not a joined string.
 */
import { afterAll, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { shortlist, tempDir } from "./cli-helpers.ts";
import { readParquet } from "../packages/runner/src/store/parquet.ts";

const out = tempDir("shortlist-duckdb-");
const instance = await DuckDBInstance.create(":memory:");
const db = await instance.connect();
afterAll(() => db.closeSync());

const sql = (s: string) => s.replace(/'/g, "''");

test("DuckDB reads every parquet file a run writes, with our reader's rows and a list column", async () => {
  const pipeline = resolve(import.meta.dir, "../examples/movielens.yaml");
  const r = await shortlist(["run", pipeline, "--out", out, "--set", "stages[data.movielens].with.path=synthetic:ml-100k"], { REDIS_URL: "" });
  expect(r.code).toBe(0);
  const files = ["artifacts", "export"].flatMap((d) => readdirSync(join(out, d)).filter((f) => f.endsWith(".parquet")).map((f) => join(out, d, f)));
  expect(files.length).toBeGreaterThan(8);
  for (const file of files) {
    const ours = await readParquet(file);
    const count = await db.runAndReadAll(`select count(*) from read_parquet('${sql(file)}')`);
    expect(Number(count.getRows()[0]![0])).toBe(ours.length);
  }
  const withList = [];
  for (const file of files) {
    const cols = await db.runAndReadAll(`select column_name, column_type from (describe select * from read_parquet('${sql(file)}'))`);
    for (const [name, type] of cols.getRows()) if (name === "recent_items") withList.push([file, String(type)]);
  }
  expect(withList.length).toBeGreaterThan(0);
  for (const [file, type] of withList) {
    expect(type).toBe("INTEGER[]");
    const ours = await readParquet(file!);
    const lists = ours.lists?.recent_items;
    expect(lists).toBeDefined();
    const first = await db.runAndReadAll(`select recent_items from read_parquet('${sql(file!)}') limit 3`);
    const theirs = first.getRows().map((row) => (row[0] as { items: unknown[] }).items.map(Number));
    const mine = [0, 1, 2].map((i) => Array.from(lists!.values.subarray(lists!.offsets[i]!, lists!.offsets[i + 1]!)));
    expect(theirs).toEqual(mine);
  }
});
