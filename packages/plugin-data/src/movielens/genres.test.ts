import { expect, test } from "bun:test";
import { normaliseGenres, yearOf } from "./genres.ts";

test("year from the title, a series range, the release date, or 0", () => {
  expect(yearOf("Toy Story (1995)")).toBe(1995);
  expect(yearOf("Babylon 5 (1994) ")).toBe(1994);
  expect(yearOf("Cosmos (1980–1981)")).toBe(1980);
  expect(yearOf("Nothing Personal", "01-Jan-1997")).toBe(1997);
  expect(yearOf("The (Last) Film")).toBe(0);
});

test("no genres listed becomes empty", () => {
  expect(normaliseGenres("(no genres listed)")).toBe("");
  expect(normaliseGenres("Comedy|Drama")).toBe("Comedy|Drama");
});
