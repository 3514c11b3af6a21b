import { expect, test } from "bun:test";
import { MissingVariableError, substitute } from "./variables.ts";

const env = { A: "1", EMPTY: "", PATH_LIKE: "/x/y" };

test("plain, braced, defaults and $$", () => {
  expect(substitute("${A}", env)).toBe("1");
  expect(substitute("$A-$PATH_LIKE", env)).toBe("1-/x/y");
  expect(substitute("${B:-two}", env)).toBe("two");
  expect(substitute("${EMPTY:-two}", env)).toBe("two");
  expect(substitute("${EMPTY-two}", env)).toBe("");
  expect(substitute("${B-two}", env)).toBe("two");
  expect(substitute("cost $$5 ${A}", env)).toBe("cost $5 1");
  expect(substitute("${B:-${A}}", env)).toBe("1");
});

test("required variables", () => {
  expect(() => substitute("${B:?give B}", env)).toThrow(new MissingVariableError("B", "give B", 0));
  expect(() => substitute("${EMPTY:?nonempty please}", env)).toThrow(/nonempty please/);
  expect(substitute("${EMPTY?set}", env)).toBe("");
  expect(() => substitute("${B}", env)).toThrow(/variable B is not set/);
});

test("malformed references", () => {
  expect(() => substitute("${A", env)).toThrow(/unclosed/);
  expect(() => substitute("${1A}", env)).toThrow(/invalid variable reference/);
});
