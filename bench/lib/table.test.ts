import { expect, test } from "bun:test";
import { formatTable } from "./table.ts";

test("aligned Markdown with a header rule", () => {
  expect(formatTable([{ a: "1", bb: "long" }, { a: "22", bb: "x" }]).split("\n")).toEqual([
    "| a  | bb   |",
    "| -- | ---- |",
    "| 1  | long |",
    "| 22 | x    |",
  ]);
  expect(formatTable([])).toBe("(no rows)");
});
