import { expect, test } from "bun:test";
import { UserError } from "@shortlist/runner";
import { collectionFor, defaultCollection, isTempOf, tempCollection } from "./collection-names.ts";

test("defaults follow MetaSpore's MovieLens collections", () => {
  expect(["features.user", "items", "features.item", "i2i.itemcf", "i2i.swing", "emb.twotower.item_ids", "recs.itemcf", "features.genre", "split.test"].map(defaultCollection))
    .toEqual(["user", "item", "item_feature", "itemcf", "swing", "milvus_item_id", "recs_itemcf", "genre_feature", "split_test"]);
});

test("overrides win, and names MongoDB refuses are user errors", () => {
  expect(collectionFor("i2i.itemcf", { "i2i.itemcf": "icf_v2" })).toBe("icf_v2");
  expect(collectionFor("i2i.itemcf", {})).toBe("itemcf");
  for (const bad of ["", "a$b", "system.x"]) expect(() => collectionFor("i2i.x", { "i2i.x": bad })).toThrow(UserError);
});

test("temporary names are recognised only for their own collection", () => {
  const t = tempCollection("item", 1700000000000);
  expect(t).toBe("item__tmp_1700000000000");
  expect(isTempOf("item", t)).toBe(true);
  expect(isTempOf("item_feature", t)).toBe(false);
  expect(isTempOf("item", "item_feature__tmp_1")).toBe(false);
  expect(isTempOf("item", "item__tmp_x")).toBe(false);
});
