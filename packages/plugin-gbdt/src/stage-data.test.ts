import { expect, test } from "bun:test";
import { table } from "@shortlist/runner";
import { featureNames, gbdtData, heldOutUsers, rowsWhere } from "./stage-data.ts";

const at = { stage: "rank.gbdt", artifact: "samples.ranking" };

test("default features: numeric columns except ids, label, group and bookkeeping, in table order", () => {
  const t = table({
    split: new Uint8Array(2), user: new Int32Array(2), item: new Int32Array(2), timestamp: new Int32Array(2), label: new Float32Array(2),
    item_count: new Int32Array(2), title: ["a", "b"], rel: new Float32Array(2), user_mean_rating: new Float32Array(2), group: new Int32Array(2),
  });
  expect(featureNames(t, undefined, { label: "label" }, at)).toEqual(["item_count", "rel", "user_mean_rating"]);
  expect(featureNames(t, undefined, { label: "rel" }, at)).toEqual(["item_count", "user_mean_rating"]);
  expect(featureNames(t, ["user_mean_rating", "item_count"], { label: "label" }, at)).toEqual(["user_mean_rating", "item_count"]);
  expect(() => featureNames(table({ user: new Int32Array(1), label: new Float32Array(1) }), undefined, { label: "label" }, at)).toThrow("has no numeric column to learn from");
});

test("trainer data: chosen rows as float32 columns, integer columns converted, NaN kept", () => {
  const t = table({ a: Int32Array.of(1, 2, 3), b: Float32Array.of(NaN, 0.5, 2), y: Float32Array.of(0, 1, 1), g: Int32Array.of(4, 4, 5) });
  const d = gbdtData(t, ["b", "a"], t.columns.y as Float32Array, rowsWhere(3, (r) => r !== 1), Int32Array.of(4, 4, 5));
  expect(d.featureNames).toEqual(["b", "a"]);
  expect(Array.from(d.features[0]!)).toEqual([NaN, 2]);
  expect(d.features[1]).toEqual(Float32Array.of(1, 3));
  expect(d.label).toEqual(Float32Array.of(0, 1));
  expect(d.group).toEqual(Int32Array.of(4, 5));
});

test("held-out users: a seeded share of distinct users, the same for the same seed", () => {
  const users = Int32Array.from({ length: 20_000 }, (_, r) => r % 2000);
  const held = heldOutUsers(users, 0.2, 42);
  expect(held.size).toBeGreaterThan(330);
  expect(held.size).toBeLessThan(470);
  expect([...heldOutUsers(users.slice().reverse(), 0.2, 42)].sort()).toEqual([...held].sort()); // row order does not matter
  expect(heldOutUsers(users, 0.2, 43)).not.toEqual(held);
});
