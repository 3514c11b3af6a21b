import { expect, test } from "bun:test";
import { lazyLibrary } from "./lazy-library.ts";

test("compiles once on first use, and not at all under SHORTLIST_NATIVE=0", () => {
  let compiles = 0;
  const lib = lazyLibrary(() => ({ library: {}, api: { n: ++compiles } }));
  expect(lib.get({ SHORTLIST_NATIVE: "0" })).toBeUndefined();
  expect(compiles).toBe(0);
  expect(lib.get({})).toEqual({ n: 1 });
  expect(lib.get({})).toEqual({ n: 1 });
  expect(compiles).toBe(1);
  expect(lib.unavailable).toBeUndefined();
});

test("a failed compile is tried once and says why", () => {
  let tries = 0;
  const lib = lazyLibrary<number>(() => {
    tries++;
    throw new Error("tcc: no such file");
  });
  expect(lib.get({})).toBeUndefined();
  expect(lib.get({})).toBeUndefined();
  expect(tries).toBe(1);
  expect(lib.unavailable).toBe("tcc: no such file");
});
