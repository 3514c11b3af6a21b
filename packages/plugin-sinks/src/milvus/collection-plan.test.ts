import { expect, test } from "bun:test";
import { matrix, table, UserError } from "@shortlist/runner";
import { checkName, collectionFields, indexParams, isVersionOf, rowsPerInsert, versionedName } from "./collection-plan.ts";
import { embeddingIds, insertRows } from "./insert-rows.ts";

const idx = { nlist: 1024, hnswM: 16, hnswEfConstruction: 200 };

test("the collection has an INT64 primary key (not auto) and a float vector of the dimension", () => {
  expect(collectionFields("item_id", "embedding_vector", 64)).toEqual([
    { name: "item_id", data_type: "Int64", is_primary_key: true, autoID: false },
    { name: "embedding_vector", data_type: "FloatVector", dim: 64 },
  ]);
  expect(() => collectionFields("x", "x", 4)).toThrow(UserError);
});

test("index parameters per type: IVF_FLAT nlist (MetaSpore's), HNSW M and efConstruction, FLAT none", () => {
  expect(indexParams({ ...idx, indexType: "IVF_FLAT", metric: "IP" })).toEqual({ index_type: "IVF_FLAT", metric_type: "IP", params: { nlist: 1024 } });
  expect(indexParams({ ...idx, indexType: "HNSW", metric: "COSINE" })).toEqual({ index_type: "HNSW", metric_type: "COSINE", params: { M: 16, efConstruction: 200 } });
  expect(indexParams({ ...idx, indexType: "FLAT", metric: "L2" }).params).toEqual({});
});

test("versioned names sit behind the alias and are recognised as its own", () => {
  const n = versionedName("simplex_demo", 1700000000123);
  expect(n).toBe("simplex_demo_v1700000000123");
  expect(isVersionOf("simplex_demo", n)).toBe(true);
  expect(isVersionOf("simplex", n)).toBe(false);
  expect(isVersionOf("simplex_demo", "simplex_demo_vx")).toBe(false);
  expect(() => checkName("alias", "9lives")).toThrow(/not a valid Milvus name/);
  expect(() => checkName("alias", "my-items")).toThrow(UserError);
  expect(() => checkName("alias", "items_2")).not.toThrow();
});

test("insert batches stay under the byte budget and never empty", () => {
  expect(rowsPerInsert(128, 1 << 20)).toBe(Math.floor((1 << 20) / (128 * 4 + 8)));
  expect(rowsPerInsert(1 << 24, 1024)).toBe(1);
});

test("rows pair each id with its embedding", () => {
  const m = matrix(3, 2, Float32Array.from([1, 2, 3, 4, 5, 6]));
  const ids = embeddingIds(table({ item: Int32Array.from([7, 8, 9]) }), m, "tt");
  expect(insertRows(m, ids, 1, 3, "item_id", "v")).toEqual([{ item_id: 8, v: [3, 4] }, { item_id: 9, v: [5, 6] }]);
});

test("ids that do not match the matrix one to one are user errors", () => {
  const m = matrix(2, 1, Float32Array.from([1, 2]));
  expect(() => embeddingIds(table({ item: Int32Array.from([1]) }), m, "tt")).toThrow(/has 1 ids but emb.tt.items has 2 rows/);
  expect(() => embeddingIds(table({ item: Int32Array.from([4, 4]) }), m, "tt")).toThrow(/item 4 twice/);
  expect(() => embeddingIds(table({ id: Int32Array.from([1, 2]) }), m, "tt")).toThrow(/Int32 "item" column/);
});
