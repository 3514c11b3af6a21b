import { expect, test } from "bun:test";
import { Double, Long } from "bson";
import { table, UserError } from "@shortlist/runner";
import { i2iTable, userFeatures } from "../testing/fixtures.ts";
import { documentsFor, type DocumentFields } from "./mongo-documents.ts";

const fields: DocumentFields = { queryField: "queryid", idField: "_1", scoreField: "_2", rename: {}, keyColumns: {} };
/** Documents as plain values (BSON wrappers unwrapped) plus the BSON type of each wrapped value. */
const plain = (v: unknown): unknown =>
  v instanceof Double ? { double: v.valueOf() } : v instanceof Long ? { long: v.toNumber() } : Array.isArray(v) ? v.map(plain)
  : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : v;

test("i2i lists become MetaSpore's {queryid, key, value: [{_1, _2}]} with double scores", () => {
  const t = table({ item: Int32Array.from([4, 4, 9]), rank: Int32Array.from([0, 1, 0]), neighbour: Int32Array.from([5, 6, 7]), score: Float32Array.from([1, 0.3, 0.25]) });
  const src = documentsFor("i2i.itemcf", t, fields);
  expect([src.count, src.rows]).toEqual([2, 3]);
  expect(plain(src.build(0, 2))).toEqual([
    // 1 stays a double (the driver would store a plain 1 as int32), 0.3 is the float32's shortest decimal.
    { queryid: "4", key: "4", value: [{ _1: 5, _2: { double: 1 } }, { _1: 6, _2: { double: 0.3 } }] },
    { queryid: "9", key: "9", value: [{ _1: 7, _2: { double: 0.25 } }] },
  ]);
  expect(plain(src.build(1, 2))).toEqual([{ queryid: "9", key: "9", value: [{ _1: 7, _2: { double: 0.25 } }] }]);
});

test("the field names are options", () => {
  const src = documentsFor("recs.a", table({ user: Int32Array.from([1]), rank: Int32Array.from([0]), item: Int32Array.from([2]), score: Float32Array.from([0.5]) }),
    { ...fields, queryField: "qid", idField: "item_id", scoreField: "score" });
  expect(plain(src.build(0, 1))).toEqual([{ qid: "1", key: "1", value: [{ item_id: 2, score: { double: 0.5 } }] }]);
});

test("feature rows keep their columns, typed, with a string queryid and optional renames", () => {
  const t = table({ ...userFeatures(2).columns, big: Uint32Array.from([1, 2 ** 32 - 1]) });
  const src = documentsFor("features.user", t, { ...fields, rename: { user: "user_id" } });
  expect(plain(src.build(1, 2))).toEqual([{
    queryid: "2", user_id: 2, age: 19, avg_rating: { double: 1.3333334 }, watch_volume: { double: 0.1 }, zip: "Z1é", big: { long: 2 ** 32 - 1 },
  }]);
});

test("embedding ids become MetaSpore's milvus_item_id mapping", () => {
  const src = documentsFor("emb.tt.item_ids", table({ item: Int32Array.from([30, 40]) }), fields);
  expect(src.build(0, 2)).toEqual([{ queryid: "30", milvus_id: "30", item_id: "30" }, { queryid: "40", milvus_id: "40", item_id: "40" }]);
});

test("tables without a known key column, or with a key twice, are user errors", () => {
  expect(() => documentsFor("scores", table({ x: Int32Array.from([1]) }), fields)).toThrow(/keyColumns/);
  expect(documentsFor("scores", table({ x: Int32Array.from([1]) }), { ...fields, keyColumns: { scores: "x" } }).count).toBe(1);
  expect(() => documentsFor("features.item", table({ user: Int32Array.from([1]) }), fields)).toThrow(/no key column "item"/);
  expect(() => documentsFor("items", table({ item: Int32Array.from([3, 5, 3]) }), fields)).toThrow(new UserError("items has item 3 twice (rows 0 and 2): one record per item is written, so keys must be unique"));
  expect(() => documentsFor("i2i.x", i2iTable(3, 2), fields).build(0, 3)).not.toThrow();
});
