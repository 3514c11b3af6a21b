import { describe, expect, test, setDefaultTimeout } from "bun:test";
import { MongoClient } from "mongodb";
import { table, UserError } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { i2iTable, userFeatures } from "../testing/fixtures.ts";
import { freePort } from "../testing/redis-server.ts";

// These tests start servers or wait on timeouts: a loaded 2-core machine can take more than 5 s.
setDefaultTimeout(60_000);

describe("sink.mongodb refuses bad connections before any work", () => {
  const inputs = { "i2i.itemcf": i2iTable(2, 2) };
  test("a connection string that is not MongoDB's is a UserError", async () => {
    await expect(runStage(plugin, "sink.mongodb", { inputs, options: { uri: "localhost:27017" } })).rejects.toThrow(/expected mongodb:\/\//);
    await expect(runStage(plugin, "sink.mongodb", { inputs, options: { uri: "mongodb://h:70000/x" } })).rejects.toBeInstanceOf(UserError);
  });
  test("a server that is not there is a UserError saying so, within the timeout", async () => {
    const uri = `mongodb://127.0.0.1:${await freePort()}/t`;
    const p = runStage(plugin, "sink.mongodb", { inputs, options: { uri, connectTimeoutMs: 300 } });
    await expect(p).rejects.toThrow(/cannot reach MongoDB at mongodb:\/\/127\.0\.0\.1:\d+\/t/);
  });
});

const uri = process.env.MONGODB_URI;
describe("sink.mongodb against a live server (MONGODB_URI)", () => {
  if (!uri) {
    console.log("skip: sink.mongodb live tests: MONGODB_URI is not set (no MongoDB server on this machine)");
    test.skip("writes MetaSpore's collections and replaces them atomically", () => {});
    return;
  }
  test("writes MetaSpore's collections and replaces them atomically", async () => {
    const database = `shortlist_test_${Date.now()}`;
    const client = new MongoClient(uri);
    try {
      const i2i = i2iTable(50, 5);
      const inputs = { "i2i.itemcf": i2i, "features.user": userFeatures(40), "emb.tt.item_ids": table({ item: Int32Array.from([3, 9]) }) };
      const options = { uri, database, artifacts: ["i2i.itemcf", "features.user", "emb.tt.item_ids"], batchSize: 7 };
      const { metrics } = await runStage(plugin, "sink.mongodb", { inputs, options });
      const db = client.db(database);
      expect(await db.collection("itemcf").countDocuments()).toBe(50);
      const doc = await db.collection("itemcf").findOne({ queryid: "4" });
      const nb = i2i.columns.neighbour as Int32Array, sc = i2i.columns.score as Float32Array;
      expect(doc?.key).toBe("4");
      expect((doc?.value as { _1: number; _2: number }[]).map((e) => e._1)).toEqual([...nb.subarray(10, 15)]);
      expect((doc?.value as { _1: number; _2: number }[]).map((e) => Math.fround(e._2))).toEqual([...sc.subarray(10, 15)]);
      expect((await db.collection("user").findOne({ queryid: "7" }))?.zip).toBe("Z6é");
      expect({ ...(await db.collection("milvus_item_id").findOne({ queryid: "9" }, { projection: { _id: 0 } })) }).toEqual({ queryid: "9", milvus_id: "9", item_id: "9" });
      const indexes = await db.collection("itemcf").indexes();
      expect(indexes.some((ix) => ix.key.queryid === 1 && ix.unique)).toBe(true);
      expect(metrics.documents).toBe(50 + 40 + 2);
      // A second run replaces the collection whole and leaves no temporary collection.
      await runStage(plugin, "sink.mongodb", { inputs: { "i2i.itemcf": i2iTable(10, 2) }, options: { uri, database, artifacts: ["i2i.itemcf"] } });
      expect(await db.collection("itemcf").countDocuments()).toBe(10);
      const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
      expect(names).toEqual(["itemcf", "milvus_item_id", "user"]);
    } finally {
      await client.db(database).dropDatabase().catch(() => {});
      await client.close();
    }
  }, 120_000);
});
