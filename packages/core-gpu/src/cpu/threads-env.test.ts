import { describe, expect, test } from "bun:test";
import { availableParallelism } from "node:os";
import { threadsFromEnv } from "./backend.ts";

describe("threadsFromEnv", () => {
  test("SHORTLIST_THREADS when set, else the core count; a bad value is an error naming it", () => {
    expect(threadsFromEnv({ SHORTLIST_THREADS: "1" })).toBe(1);
    expect(threadsFromEnv({ SHORTLIST_THREADS: " 3 " })).toBe(3);
    expect(threadsFromEnv({})).toBe(availableParallelism());
    expect(threadsFromEnv({ SHORTLIST_THREADS: "" })).toBe(availableParallelism());
    expect(() => threadsFromEnv({ SHORTLIST_THREADS: "0" })).toThrow(/SHORTLIST_THREADS: found "0", expected a whole number ≥ 1/);
    expect(() => threadsFromEnv({ SHORTLIST_THREADS: "two" })).toThrow(/found "two"/);
  });
});
