import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { InputError } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import { parquetWriteBuffer } from "hyparquet-writer";
import plugin from "../index.ts";
import { fixtureDir, rejection } from "../testing/fixtures.ts";

const csv = "userId,movieId,stars,when,extra\n1,10,4.5,100,x\n2,20,3,200,\"y, z\"\n";

describe("data.table from CSV", () => {
  test("maps source columns onto interactions, users and items", async () => {
    const dir = fixtureDir({
      "r.csv": csv,
      "u.csv": "uid,age,city\n1,30,Oslo\n2,41,Lima\n",
      "m.tsv": "id\tname\tkinds\n10\tAlpha (1999)\tA|B\n20\tBeta\t\n",
    });
    const { outputs } = await runStage(plugin, "data.table", {
      pipelineDir: dir,
      options: {
        interactions: { path: "r.csv", columns: { user: "userId", item: "movieId", rating: "stars", timestamp: "when" } },
        users: { path: "u.csv", key: "uid" },
        items: { path: "m.tsv", delimiter: "\t", key: "id", title: "name", genres: "kinds", year: "" },
      },
    });
    const t = outputs.interactions!;
    if (t.kind !== "table") throw new Error("expected a table");
    expect(Array.from(t.columns.user as Int32Array)).toEqual([1, 2]);
    expect(Array.from(t.columns.rating as Float32Array)).toEqual([4.5, 3]);
    expect(Array.from(t.columns.timestamp as Int32Array)).toEqual([100, 200]);
    const u = outputs.users!;
    if (u.kind !== "table") throw new Error("expected a table");
    expect(Object.keys(u.columns)).toEqual(["user", "age", "city"]);
    expect(u.columns.age).toBeInstanceOf(Int32Array);
    expect(u.columns.city).toEqual(["Oslo", "Lima"]);
    const i = outputs.items!;
    if (i.kind !== "table") throw new Error("expected a table");
    expect(i.columns.title).toEqual(["Alpha (1999)", "Beta"]);
    expect(i.columns.genres).toEqual(["A|B", ""]);
  });

  test('rating "" means implicit feedback (1), timestamp "" means 0', async () => {
    const dir = fixtureDir({ "r.csv": csv });
    const { outputs } = await runStage(plugin, "data.table", {
      pipelineDir: dir,
      options: { interactions: { path: "r.csv", columns: { user: "userId", item: "movieId", rating: "", timestamp: "" } } },
    });
    const t = outputs.interactions!;
    if (t.kind !== "table") throw new Error("expected a table");
    expect(Array.from(t.columns.rating as Float32Array)).toEqual([1, 1]);
    expect(Array.from(t.columns.timestamp as Int32Array)).toEqual([0, 0]);
  });

  test("a bad row names file, line and text; skip counts it", async () => {
    const dir = fixtureDir({ "r.csv": "user,item,rating,timestamp\n1,10,4,1\n2,twenty,3,2\n3,30,5\n" });
    const e = await rejection(runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "r.csv" } } }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain(`${join(dir, "r.csv")}:3: column "item": "twenty" is not an integer`);
    const { outputs, metrics } = await runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "r.csv" }, onBadRow: "skip" } });
    expect(outputs.interactions!.kind === "table" && outputs.interactions!.length).toBe(1);
    expect(metrics.skipped_rows).toBe(2);
  });

  test("a byte-order mark before the header is dropped", async () => {
    const dir = fixtureDir({ "r.csv": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("user,item,rating,timestamp\n1,10,4,1\n")]) });
    const { outputs } = await runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "r.csv" } } });
    expect(outputs.interactions!.kind === "table" && outputs.interactions!.length).toBe(1);
  });

  test("ids past int32 are too large (not wrapped, not 'not an integer'); fields are named by column", async () => {
    const dir = fixtureDir({ "r.csv": "user,item,rating,timestamp\n1,10,4,1\n2,3000000000,4,1\n", "s.csv": 'user,item,rating,timestamp\n1,10,4\n1,"10,4,1\n' });
    const e = await rejection(runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "r.csv" } } }));
    expect(e.message).toContain(`${join(dir, "r.csv")}:3: column "item": "3000000000" is too large: at most 2147483647`);
    const short = await rejection(runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "s.csv" } } }));
    expect(short.message).toContain(`${join(dir, "s.csv")}:2: column "timestamp": missing (expected 4 fields like the header, found 3)`);
    const open = await rejection(runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "s.csv" }, onBadRow: "skip" } }));
    expect(open.message).toContain("has a header but no rows"); // both rows skipped: line 3's quote is open
  });

  test("binary junk in a row is echoed escaped", async () => {
    const dir = fixtureDir({ "r.csv": Buffer.concat([Buffer.from("user,item,rating,timestamp\n1,"), Buffer.from([0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x00]), Buffer.from(",4,1\n")]) });
    const e = await rejection(runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "r.csv" } } }));
    expect(e.message).toContain('column "item": "\\x1b[31m\\x00" is not an integer');
    expect(e.message).toContain("2 | 1,\\x1b[31m\\x00,4,1");
  });

  test("an unknown mapped column lists the header", async () => {
    const dir = fixtureDir({ "r.csv": csv });
    const e = await rejection(runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "r.csv" } } }));
    expect(e.message).toContain('no column "user" in the header (columns: userId, movieId, stars, when, extra)');
  });

  test("missing and empty files", async () => {
    const dir = fixtureDir({ "empty.csv": "" });
    const missing = await rejection(runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "nope.csv" } } }));
    expect(missing.message).toContain("missing file");
    const empty = await rejection(runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "empty.csv" } } }));
    expect(empty.message).toContain("empty.csv is empty");
  });
});

describe("data.table from parquet", () => {
  test("reads mapped columns; int64 and float64 become int32 / float32", async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        { name: "u", data: new BigInt64Array([1n, 2n, 3n]), type: "INT64" },
        { name: "i", data: new Int32Array([7, 8, 9]), type: "INT32" },
        { name: "r", data: new Float64Array([1.5, 2, 5]), type: "DOUBLE" },
        { name: "t", data: new Int32Array([10, 20, 30]), type: "INT32" },
      ],
    });
    const dir = fixtureDir({ "r.parquet": new Uint8Array(buf) });
    const { outputs } = await runStage(plugin, "data.table", {
      pipelineDir: dir,
      options: { interactions: { path: "r.parquet", columns: { user: "u", item: "i", rating: "r", timestamp: "t" } } },
    });
    const t = outputs.interactions!;
    if (t.kind !== "table") throw new Error("expected a table");
    expect(t.columns.user).toBeInstanceOf(Int32Array);
    expect(Array.from(t.columns.user as Int32Array)).toEqual([1, 2, 3]);
    expect(Array.from(t.columns.rating as Float32Array)).toEqual([1.5, 2, 5]);
  });

  test("a null id is a bad row, reported with its row number", async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        { name: "user", data: [1, null, 3], type: "INT32", nullable: true },
        { name: "item", data: new Int32Array([7, 8, 9]), type: "INT32" },
        { name: "rating", data: new Float32Array([1, 2, 3]), type: "FLOAT" },
        { name: "timestamp", data: new Int32Array([1, 2, 3]), type: "INT32" },
      ],
    });
    const dir = fixtureDir({ "r.parquet": new Uint8Array(buf) });
    const e = await rejection(runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "r.parquet" } } }));
    expect(e.message).toContain(`${join(dir, "r.parquet")}:2: column "user": null, expected an integer`);
    const { outputs } = await runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "r.parquet" }, onBadRow: "skip" } });
    const t = outputs.interactions!;
    if (t.kind !== "table") throw new Error("expected a table");
    expect(Array.from(t.columns.item as Int32Array)).toEqual([7, 9]);
  });

  test("an INT64 id past int32 is a bad row, not a wrapped number", async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        { name: "user", data: new BigInt64Array([1n, 5_000_000_000n]), type: "INT64" },
        { name: "item", data: new Int32Array([7, 8]), type: "INT32" },
        { name: "rating", data: new Float32Array([1, 2]), type: "FLOAT" },
        { name: "timestamp", data: new Int32Array([1, 2]), type: "INT32" },
      ],
    });
    const dir = fixtureDir({ "r.parquet": new Uint8Array(buf) });
    const e = await rejection(runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "r.parquet" } } }));
    expect(e.message).toContain(`${join(dir, "r.parquet")}:2: column "user": "5000000000" is too large: at most 2147483647`);
  });

  test("a file that is not parquet", async () => {
    const dir = fixtureDir({ "r.parquet": "user,item\n1,2\n" });
    const e = await rejection(runStage(plugin, "data.table", { pipelineDir: dir, options: { interactions: { path: "r.parquet" } } }));
    expect(e.message).toContain("is not a readable parquet file");
  });
});
