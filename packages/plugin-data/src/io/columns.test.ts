import { expect, test } from "bun:test";
import { checkHeader, columnLabel, fieldCountProblem } from "./columns.ts";

test("columns by name in headed files, by position (and meaning) otherwise", () => {
  expect(columnLabel(2, ["userId", "movieId", "rating"], true)).toBe('column "rating"');
  expect(columnLabel(2, ["user id", "item id", "rating"], false)).toBe("column 3 (rating)");
  expect(columnLabel(7, ["a"], false)).toBe("column 8");
  expect(fieldCountProblem(3, ["u", "i", "r", "t"], false, "found 3")).toEqual({ column: "column 4 (t)", problem: "missing (found 3)" });
  expect(fieldCountProblem(5, ["u", "i", "r", "t"], false, "found 5")).toEqual({ column: "column 5", problem: "one column too many (found 5)" });
});

test("a header must hold the expected names, in order", () => {
  const want = ["userId", "movieId", "rating", "timestamp"];
  const check = (text: string) => () => checkHeader("/d/ratings.csv", 1, text, text.split(","), want);
  expect(check("userId,movieId,rating,timestamp")).not.toThrow();
  expect(check("userId, movieId ,rating,timestamp")).not.toThrow();
  expect(check("userId,itemId,rating,timestamp")).toThrow('/d/ratings.csv:1: column 2 is "itemId", expected "movieId" (the header must be userId,movieId,rating,timestamp)');
  expect(check("userId,movieId,rating")).toThrow('column 4 is missing, expected "timestamp"');
  expect(check("userId,movieId,rating,timestamp,x")).toThrow('column 5 "x" is not expected');
  expect(check("1,1,4.0,964982703")).toThrow('column 1 is "1", expected "userId"');
});
