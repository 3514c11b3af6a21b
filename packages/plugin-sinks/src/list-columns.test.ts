/** A table's list columns (features.user.recent_items) reach every sink as lists. */
import { expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { int32Lists, table } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "./index.ts";
import { documentsFor } from "./mongodb/mongo-documents.ts";
import { keyFamily } from "./redis/key-families.ts";
import { RespWriter } from "./redis/resp.ts";

const feats = table({ user: Int32Array.of(5, 6), age: Int32Array.of(31, 40) }, { recent_items: int32Lists([[12, 7, 40], []]) });

test("sink.parquet writes a list column as LIST<INT32>, read back as arrays", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sinks-lists-"));
  await runStage(plugin, "sink.parquet", { inputs: { "features.user": feats }, options: { dir, artifacts: ["features.user"] } });
  const file = await asyncBufferFromFile(join(dir, "features.user.parquet"));
  const meta = await parquetMetadataAsync(file);
  expect(meta.schema.find((s) => s.name === "recent_items")?.converted_type).toBe("LIST");
  const rows = await parquetReadObjects({ file });
  expect(rows.map((r) => ({ user: r.user, age: r.age, recent_items: Array.from(r.recent_items as number[]) }))).toEqual([
    { user: 5, age: 31, recent_items: [12, 7, 40] },
    { user: 6, age: 40, recent_items: [] },
  ]);
});

test("sink.redis writes a list column as one hash field holding a JSON array", () => {
  const f = keyFamily("features.user", feats, { userKey: "USER:{id}", i2iKey: "I2I:{algo}:{id}", featureKey: "FEATURES:{table}:{id}" });
  if (f.shape !== "hash") throw new Error("expected hash");
  expect(f.fields).toBe(2);
  const w = new RespWriter();
  w.begin(1 + 2 * f.fields);
  f.writeFields(w, 0);
  w.end("HSET");
  expect(w.take()[0]!.bytes.toString()).toBe("*5\r\n$3\r\nage\r\n$2\r\n31\r\n$12\r\nrecent_items\r\n$9\r\n[12,7,40]\r\n");
});

test("sink.mongodb writes a list column as an array, renamed like any column", () => {
  const src = documentsFor("features.user", feats, { queryField: "queryid", idField: "_1", scoreField: "_2", rename: { recent_items: "user_bhv_item_seq" }, keyColumns: {} });
  expect(src.build(0, 2)).toEqual([
    { queryid: "5", user: 5, age: 31, user_bhv_item_seq: [12, 7, 40] },
    { queryid: "6", user: 6, age: 40, user_bhv_item_seq: [] },
  ]);
});
