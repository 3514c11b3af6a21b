import { expect, test } from "bun:test";
import { fixtureDir } from "../testing/fixtures.ts";
import { detectLayout } from "./detect.ts";

test("recognises each layout by its ratings file", () => {
  expect(detectLayout(fixtureDir({ "ratings.dat": "x", "movies.dat": "x" }))).toBe("ml-1m");
  expect(detectLayout(fixtureDir({ "u.data": "x" }))).toBe("ml-100k");
  expect(detectLayout(fixtureDir({ "ratings.csv": "x", "movies.csv": "x" }))).toBe("ml-latest");
});

test("a file instead of a folder, an empty folder", () => {
  const dir = fixtureDir({ "ratings.csv": "x" });
  expect(() => detectLayout(`${dir}/ratings.csv`)).toThrow(/is a file; path must be the folder/);
  expect(() => detectLayout(fixtureDir({}))).toThrow(/found no files/);
});
