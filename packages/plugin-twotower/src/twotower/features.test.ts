import { describe, expect, test } from "bun:test";
import { table, UserError } from "@shortlist/runner";
import { encodeFeatures, type BagFeature, type CategoricalFeature, type NumericFeature } from "./features.ts";

const O = { skip: ["title"], prefixes: { zip: 1 } };
const users = table({
  user: Int32Array.from([30, 10, 20]),
  gender: ["M", "F", ""],
  zip: ["85711", "84001", "10003"],
  genres: ["Action|Comedy", "", "Comedy"],
  score: Float32Array.from([1, NaN, 3]),
  title: ["a", "b", "c"],
  constant: Int32Array.from([7, 7, 7]),
});

describe("encodeFeatures", () => {
  test("each column becomes the feature its type says, coded in the catalogue's order", () => {
    const f = encodeFeatures("recall.twotower", "users", users, "user", Int32Array.from([10, 20, 30]), O);
    expect(f.map((x) => `${x.name}:${x.kind}`)).toEqual(["user:categorical", "gender:categorical", "zip:categorical", "genres:bag", "score:numeric"]);
    const [id, gender, zip, genres, score] = f as [CategoricalFeature, CategoricalFeature, CategoricalFeature, BagFeature, NumericFeature];
    expect(Array.from(id.codes)).toEqual([1, 2, 3]);
    expect(id.cardinality).toBe(4); // 0 = unknown
    expect(Array.from(gender.codes)).toEqual([1, 0, 2]); // F, "" (unknown), M
    // zip prefix 1: "8" for 84001 and 85711, "1" for 10003; every full value keeps its own key
    expect(zip.keys).toEqual(["10003", "84001", "85711"]);
    expect(Array.from(zip.keyCodes)).toEqual([1, 2, 2]);
    expect(Array.from(zip.codes)).toEqual([2, 1, 2]);
    expect(genres.keys).toEqual(["Action", "Comedy"]);
    expect(Array.from(genres.offsets)).toEqual([0, 0, 1, 3]);
    expect(Array.from(genres.codes)).toEqual([2, 1, 2]);
    expect(score.mean).toBe(2);
    expect(Array.from(score.values)).toEqual([0, 1, -1]); // NaN reads as the mean
  });

  test("rare ids (fewer training rows than the minimum) share the unknown code and have no key", () => {
    const ids = Int32Array.from([10, 20, 30]);
    const rareIds = { min: 3, counts: Int32Array.from([5, 2, 3]) };
    const [id] = encodeFeatures("s", "users", users, "user", ids, { ...O, rareIds }) as [CategoricalFeature];
    expect(Array.from(id.codes)).toEqual([1, 0, 2]);
    expect(id.keys).toEqual([10, 30]);
    expect(id.cardinality).toBe(3);
    const [all] = encodeFeatures("s", "users", users, "user", ids, { ...O, rareIds: { ...rareIds, min: 0 } }) as [CategoricalFeature];
    expect(Array.from(all.codes)).toEqual([1, 2, 3]);
  });

  test("rare values of every other column (their entities' training rows summed) read as unknown", () => {
    const ids = Int32Array.from([10, 20, 30]); // rows: 10 → "F", 20 → "", 30 → "M"
    const rareValues = { min: 4, counts: Int32Array.from([5, 9, 3]) };
    const f = encodeFeatures("s", "users", users, "user", ids, { ...O, rareValues });
    const byName = Object.fromEntries(f.map((x) => [x.name, x]));
    // The id is untouched (that is rareIds' job); gender M has 3 rows (< 4): only F keeps a code.
    expect(Array.from((byName.user as CategoricalFeature).codes)).toEqual([1, 2, 3]);
    expect(byName.gender).toBeUndefined(); // one value left: nothing to learn from
    // zip by prefix: "8" has 5 + 3 rows, "1" has 9: both keep their codes.
    expect(Array.from((byName.zip as CategoricalFeature).codes)).toEqual([2, 1, 2]);
    // genres: Comedy has 3 + 9 rows, Action 3 (dropped from entity 30's bag).
    const genres = byName.genres as BagFeature;
    expect(genres.keys).toEqual(["Comedy"]);
    expect(Array.from(genres.offsets)).toEqual([0, 0, 1, 2]);
    expect(Array.from(genres.codes)).toEqual([1, 1]);
    const colours = table({ user: Int32Array.from([30, 10, 20]), colour: Int32Array.from([7, 5, 6]) });
    const [, colour] = encodeFeatures("s", "users", colours, "user", ids, { ...O, rareValues: { min: 3, counts: Int32Array.from([5, 9, 2]) } }) as CategoricalFeature[];
    expect(colour!.keys).toEqual([5, 6]); // 7 (user 30, 2 rows) has no key: the exported tower reads it as unknown too
    expect(Array.from(colour!.codes)).toEqual([1, 2, 0]);
    const none = encodeFeatures("s", "users", users, "user", ids, { ...O, rareValues: { min: 0, counts: rareValues.counts } });
    expect(Array.from((none.find((x) => x.name === "gender") as CategoricalFeature).codes)).toEqual([1, 0, 2]);
  });

  test("chosen columns, no table, and ids without a row", () => {
    const ids = Int32Array.from([10, 20]);
    expect(encodeFeatures("s", "users", users, "user", Int32Array.from([10, 20, 30]), { ...O, columns: ["gender"] }).map((x) => x.name)).toEqual(["user", "gender"]);
    expect(encodeFeatures("s", "users", undefined, "user", ids, O).map((x) => x.name)).toEqual(["user"]);
    expect(() => encodeFeatures("s", "users", users, "user", Int32Array.from([10, 99]), O)).toThrow(UserError);
    expect(() => encodeFeatures("s", "users", users, "user", Int32Array.from([10, 99]), O)).toThrow(/s: user 99 .*has no row in users/);
    expect(() => encodeFeatures("s", "users", users, "user", ids, { ...O, columns: ["age"] })).toThrow(/option userFeatures names "age", but users has no such column/);
    expect(() => encodeFeatures("s", "users", undefined, "user", ids, { ...O, columns: ["age"] })).toThrow(/no users table/);
  });
});
