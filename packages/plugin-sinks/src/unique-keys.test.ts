import { expect, test } from "bun:test";
import { UserError } from "@shortlist/runner";
import { checkUniqueKeys } from "./unique-keys.ts";

test("unique keys pass; a repeated key is named with both rows", () => {
  expect(() => checkUniqueKeys(Int32Array.from([3, 5, 7]), "items", "item")).not.toThrow();
  expect(() => checkUniqueKeys(["a", "b", "a"], "users", "user")).toThrow(UserError);
  expect(() => checkUniqueKeys(Int32Array.from([3, 5, 3]), "items", "item")).toThrow("items has item 3 twice (rows 0 and 2)");
});
