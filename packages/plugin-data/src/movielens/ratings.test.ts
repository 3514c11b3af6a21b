import { expect, test } from "bun:test";
import { join } from "node:path";
import { BadRows } from "../io/bad-rows.ts";
import { fixtureDir } from "../testing/fixtures.ts";
import { readRatings } from "./ratings.ts";

test("CSV with header and CRLF endings, half-star ratings", () => {
  const dir = fixtureDir({ "ratings.csv": "userId,movieId,rating,timestamp\r\n1,31,2.5,1260759144\r\n1,1029,3.0,1260759179\r\n" });
  const r = readRatings(join(dir, "ratings.csv"), { separator: ",", header: true, example: "", columns: ["userId", "movieId", "rating", "timestamp"] }, new BadRows("fail"));
  expect(Array.from(r.user)).toEqual([1, 1]);
  expect(Array.from(r.item)).toEqual([31, 1029]);
  expect(Array.from(r.rating)).toEqual([2.5, 3]);
  expect(Array.from(r.timestamp)).toEqual([1260759144, 1260759179]);
});

test("unknown items are bad lines when the movies file is known", () => {
  const dir = fixtureDir({ "u.data": "1\t5\t3\t1\n1\t6\t3\t1\n" });
  const bad = new BadRows("skip");
  const r = readRatings(join(dir, "u.data"), { separator: "\t", header: false, example: "", knownItems: new Set([5]), itemsFile: "u.item" }, bad);
  expect(r.item.length).toBe(1);
  expect(bad.count).toBe(1);
  expect(() => readRatings(join(dir, "u.data"), { separator: "\t", header: false, example: "", knownItems: new Set([5]), itemsFile: "u.item" }, new BadRows("fail"))).toThrow(
    /\/u\.data:2: column 2 \(item id\): item 6 is not in u\.item/,
  );
});
