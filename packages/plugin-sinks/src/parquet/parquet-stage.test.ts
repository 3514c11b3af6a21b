import { describe, expect, test, setDefaultTimeout } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { blob, json, matrix, table, UserError } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { float32Text } from "../number-text.ts";
import { i2iTable, recsTable, userFeatures } from "../testing/fixtures.ts";

// These tests start servers or wait on timeouts: a loaded 2-core machine can take more than 5 s.
setDefaultTimeout(60_000);

const read = async (path: string) => parquetReadObjects({ file: await asyncBufferFromFile(path) });
const tmp = () => mkdtempSync(join(tmpdir(), "sinks-parquet-"));

describe("sink.parquet", () => {
  test("tables round-trip as flat parquet, every column type included", async () => {
    const dir = tmp();
    const feats = table({
      ...userFeatures(5).columns,
      big: Uint32Array.from([0, 1, 2 ** 31, 2 ** 32 - 1, 7]),
      flag: Uint8Array.from([0, 1, 255, 3, 4]),
    });
    const recs = recsTable(4, 3);
    const { metrics } = await runStage(plugin, "sink.parquet", {
      inputs: { "recs.itemcf": recs, "features.user": feats },
      options: { dir, artifacts: ["recs.itemcf", "features.user", "i2i.swing?"] },
    });
    expect(readdirSync(dir).sort()).toEqual(["features.user.parquet", "recs.itemcf.parquet"]);
    const rows = await read(join(dir, "features.user.parquet"));
    expect(rows.length).toBe(5);
    rows.forEach((r, i) => {
      expect(r).toEqual({
        user: i + 1, age: (feats.columns.age as Int32Array)[i], avg_rating: (feats.columns.avg_rating as Float32Array)[i],
        watch_volume: (feats.columns.watch_volume as Float64Array)[i], zip: `Z${i}é`,
        big: BigInt((feats.columns.big as Uint32Array)[i]!), flag: (feats.columns.flag as Uint8Array)[i],
      });
    });
    const recRows = await read(join(dir, "recs.itemcf.parquet"));
    expect(recRows.map((r) => r.item)).toEqual([...(recs.columns.item as Int32Array)]);
    expect(recRows.map((r) => r.score)).toEqual([...(recs.columns.score as Float32Array)]);
    expect(metrics.rows).toBe(5 + 12);
  });

  test('listShape "metaspore" writes one row per key with its list nested, in rank order', async () => {
    const dir = tmp();
    const i2i = i2iTable(3, 4);
    await runStage(plugin, "sink.parquet", { inputs: { "i2i.itemcf": i2i }, options: { dir, artifacts: ["i2i.itemcf"], listShape: "metaspore" } });
    const rows = await read(join(dir, "i2i.itemcf.parquet"));
    const nb = i2i.columns.neighbour as Int32Array, sc = i2i.columns.score as Float32Array;
    // Scores are doubles holding the float32's shortest decimal: they read back to the same float32.
    expect(rows.flatMap((r) => (r.value as { _2: number }[]).map((e) => Math.fround(e._2)))).toEqual([...sc]);
    expect(rows).toEqual([0, 1, 2].map((i) => ({
      key: i * 2,
      value: [0, 1, 2, 3].map((j) => ({ _1: nb[i * 4 + j], _2: Number(float32Text(sc[i * 4 + j]!)) })),
    })));
  });

  test("the list entry field names are options", async () => {
    const dir = tmp();
    await runStage(plugin, "sink.parquet", {
      inputs: { "recs.a": recsTable(2, 2) },
      options: { dir, artifacts: ["recs.a"], listShape: "metaspore", idField: "item_id", scoreField: "score" },
    });
    const rows = await read(join(dir, "recs.a.parquet"));
    expect(rows[1]).toEqual({ key: 2, value: [{ item_id: 7, score: 1 }, { item_id: 20, score: 0.5 }] });
  });

  test("embeddings are written with their item ids when the ids table is present", async () => {
    const dir = tmp();
    const m = matrix(3, 2, Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]));
    await runStage(plugin, "sink.parquet", {
      inputs: { "emb.tt.items": m, "emb.tt.item_ids": table({ item: Int32Array.from([10, 20, 30]) }) },
      options: { dir, artifacts: ["emb.tt.items"] },
    });
    const rows = await read(join(dir, "emb.tt.items.parquet"));
    expect(rows).toEqual([0, 1, 2].map((r) => ({ item: (r + 1) * 10, embedding: [...m.data.subarray(r * 2, r * 2 + 2)] })));
  });

  test("json and blob artifacts are written as they are", async () => {
    const dir = tmp();
    await runStage(plugin, "sink.parquet", {
      inputs: { vocab: json({ a: 1 }), "model.gbdt": blob(Uint8Array.from([1, 2, 3]), "onnx") },
      options: { dir, artifacts: ["vocab", "model.gbdt"] },
    });
    expect(JSON.parse(readFileSync(join(dir, "vocab.json"), "utf8"))).toEqual({ a: 1 });
    expect([...readFileSync(join(dir, "model.gbdt.onnx"))]).toEqual([1, 2, 3]);
  });

  test("an empty table is a valid file with no rows", async () => {
    const dir = tmp();
    await runStage(plugin, "sink.parquet", { inputs: { "recs.a": recsTable(0, 5) }, options: { dir, artifacts: ["recs.a"] } });
    expect(await read(join(dir, "recs.a.parquet"))).toEqual([]);
  });

  test("the default folder is export/ in the run directory; a relative dir resolves against the pipeline file", async () => {
    const base = tmp();
    const r = await runStage(plugin, "sink.parquet", { inputs: { "recs.itemcf": recsTable(2, 1) }, pipelineDir: base, options: { dir: "out/x" } });
    expect(readdirSync(join(base, "out/x"))).toEqual(["recs.itemcf.parquet"]);
    const def = await runStage(plugin, "sink.parquet", { inputs: { "recs.itemcf": recsTable(2, 1) } });
    const written = /→ (.*recs\.itemcf\.parquet)/.exec(def.logs.join("\n"))?.[1];
    expect(written).toMatch(/shortlist-stage-[^/]+\/export\/recs\.itemcf\.parquet$/);
    expect((await read(written!)).length).toBe(2);
    expect(r.metrics.rows).toBe(2);
  });

  test("bad configuration is a UserError", async () => {
    const base = tmp();
    writeFileSync(join(base, "afile"), "x");
    await expect(runStage(plugin, "sink.parquet", { inputs: { "recs.a": recsTable(1, 1) }, pipelineDir: base, options: { dir: "afile", artifacts: ["recs.a"] } }))
      .rejects.toThrow(/is a file/);
    await expect(runStage(plugin, "sink.parquet", { inputs: {}, options: {} })).rejects.toBeInstanceOf(UserError);
  });
});
