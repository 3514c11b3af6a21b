import { describe, expect, test, setDefaultTimeout } from "bun:test";
import { matrix, table, UserError } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { freePort } from "../testing/redis-server.ts";
import { embeddingTableRows } from "./insert-rows.ts";

// These tests start servers or wait on timeouts: a loaded 2-core machine can take more than 5 s.
setDefaultTimeout(60_000);

function embeddings(rows: number, dim: number, seed = 1) {
  const data = Float32Array.from({ length: rows * dim }, (_, i) => Math.sin(i * 0.37 + seed));
  return { "emb.tt.items": matrix(rows, dim, data), "emb.tt.item_ids": table({ item: Int32Array.from({ length: rows }, (_, i) => 100 + i) }) };
}

describe("sink.milvus refuses bad configuration before any work", () => {
  test("a bad address, alias or mismatched ids are UserErrors", async () => {
    await expect(runStage(plugin, "sink.milvus", { inputs: embeddings(2, 4), options: { algo: "tt", address: "milvus://x" } })).rejects.toThrow(/not a Milvus address/);
    await expect(runStage(plugin, "sink.milvus", { inputs: embeddings(2, 4), options: { algo: "tt", alias: "my-items" } })).rejects.toBeInstanceOf(UserError);
    const bad = { ...embeddings(3, 4), "emb.tt.item_ids": table({ item: Int32Array.from([1, 2]) }) };
    await expect(runStage(plugin, "sink.milvus", { inputs: bad, options: { algo: "tt" } })).rejects.toThrow(/has 2 ids but emb.tt.items has 3 rows/);
    await expect(runStage(plugin, "sink.milvus", { inputs: {}, options: { algo: "tt" } })).rejects.toThrow(/no item embeddings of algo "tt": expected emb.tt.item/);
    const noVectors = { "emb.tt.item": table({ item: Int32Array.from([1, 2]) }) };
    await expect(runStage(plugin, "sink.milvus", { inputs: noVectors, options: { algo: "tt" } })).rejects.toThrow(/emb.tt.item has no vector columns e0/);
  });
  test("emb.<algo>.item (item + e0 … e{d−1}, recall.twotower's table) reads as the same vectors and ids", () => {
    const { "emb.tt.items": m, "emb.tt.item_ids": ids } = embeddings(5, 3);
    const columns: Record<string, Int32Array | Float32Array> = { item: ids.columns.item as Int32Array };
    for (let j = 0; j < 3; j++) columns[`e${j}`] = Float32Array.from({ length: 5 }, (_, r) => m.data[r * 3 + j]!);
    const got = embeddingTableRows(table(columns), "tt");
    expect(Array.from(got.ids)).toEqual(Array.from(ids.columns.item as Int32Array));
    expect(got.m.cols).toBe(3);
    expect(Array.from(got.m.data)).toEqual(Array.from(m.data));
    const twice = table({ item: Int32Array.from([1, 1]), e0: Float32Array.from([0, 1]) });
    expect(() => embeddingTableRows(twice, "tt")).toThrow(/item 1 twice/);
  });
  test("a server that is not there is a UserError saying so", async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const p = runStage(plugin, "sink.milvus", { inputs: embeddings(2, 4), options: { algo: "tt", address, timeoutMs: 1000 } });
    await expect(p).rejects.toThrow(/cannot reach Milvus at 127\.0\.0\.1:\d+/);
    // emb.<algo>.item alone is accepted: the stage gets as far as connecting.
    const item = table({ item: Int32Array.from([1, 2]), e0: Float32Array.from([0.5, 1]), e1: Float32Array.from([1, 0]) });
    const q = runStage(plugin, "sink.milvus", { inputs: { "emb.tt.item": item }, options: { algo: "tt", address, timeoutMs: 1000 } });
    await expect(q).rejects.toThrow(/cannot reach Milvus/);
  }, 60_000);
});

const address = process.env.MILVUS_ADDRESS;
describe("sink.milvus against a live server (MILVUS_ADDRESS)", () => {
  if (!address) {
    console.log("skip: sink.milvus live tests: MILVUS_ADDRESS is not set (no Milvus server on this machine)");
    test.skip("publishes behind an alias and replaces the collection on the next run", () => {});
    return;
  }
  test("publishes behind an alias and replaces the collection on the next run", async () => {
    const { MilvusClient } = await import("@zilliz/milvus2-sdk-node");
    const alias = `shortlist_test_${Date.now()}`;
    const client = new MilvusClient({ address });
    try {
      const first = await runStage(plugin, "sink.milvus", { inputs: embeddings(300, 8), options: { algo: "tt", address, alias, nlist: 16 } });
      expect(first.metrics.rows).toBe(300);
      const d1 = await client.describeAlias({ alias, collection_name: alias });
      const q = await client.query({ collection_name: alias, filter: "item_id in [100, 399]", output_fields: ["item_id", "embedding_vector"] });
      expect(q.data.map((r) => Number(r.item_id)).sort()).toEqual([100, 399]);
      const v = q.data.find((r) => Number(r.item_id) === 100)!.embedding_vector as number[];
      expect(v.map(Math.fround)).toEqual([...embeddings(300, 8)["emb.tt.items"].data.subarray(0, 8)]);
      await runStage(plugin, "sink.milvus", { inputs: embeddings(50, 8, 2), options: { algo: "tt", address, alias, indexType: "HNSW", metric: "COSINE" } });
      const d2 = await client.describeAlias({ alias, collection_name: alias });
      expect(d2.collection).not.toBe(d1.collection);
      expect((await client.hasCollection({ collection_name: d1.collection })).value).toBe(false);
      const stats = await client.getCollectionStatistics({ collection_name: alias });
      expect(Number(stats.data.row_count)).toBe(50);
    } finally {
      const d = await client.describeAlias({ alias, collection_name: alias }).catch(() => undefined);
      await client.dropAlias({ alias }).catch(() => {});
      if (d?.collection) await client.dropCollection({ collection_name: d.collection }).catch(() => {});
      await client.closeConnection();
    }
  }, 300_000);
});
