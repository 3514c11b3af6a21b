import { describe, expect, test } from "bun:test";
import { familyOf, parseRef } from "./artifact-names.ts";

describe("familyOf", () => {
  test("recognises the shared naming conventions", () => {
    expect(familyOf("recs.itemcf")).toEqual({ kind: "recs", algo: "itemcf" });
    expect(familyOf("i2i.swing")).toEqual({ kind: "i2i", algo: "swing" });
    expect(familyOf("features.user")).toEqual({ kind: "features", entity: "user" });
    expect(familyOf("emb.twotower.items")).toEqual({ kind: "embeddings", algo: "twotower" });
    expect(familyOf("emb.twotower.item_ids")).toEqual({ kind: "embedding-ids", algo: "twotower" });
  });
  test("anything else is other", () => {
    for (const n of ["interactions", "recs", "recs.a.b", "emb.x", "emb.x.users", "i2i."]) {
      expect(familyOf(n)).toEqual({ kind: "other" });
    }
  });
});

test("parseRef splits the optional marker", () => {
  expect(parseRef("recs.itemcf?")).toEqual({ name: "recs.itemcf", optional: true });
  expect(parseRef("items")).toEqual({ name: "items", optional: false });
});
