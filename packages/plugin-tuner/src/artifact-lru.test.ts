import { describe, expect, test } from "bun:test";
import { matrix, table } from "@shortlist/runner";
import { ArtifactLru, artifactBytes } from "./artifact-lru.ts";

const m = (floats: number) => matrix(1, floats, new Float32Array(floats)); // 4 bytes a float

describe("ArtifactLru", () => {
  test("drops the least recently used (get or set) past the byte budget, never the one just set", () => {
    const lru = new ArtifactLru(100);
    lru.set("a", m(10)).set("b", m(10)).set("c", m(5)); // 40 + 40 + 20
    expect(lru.held).toBe(100);
    expect(lru.get("a")).toBeDefined(); // a is now the most recent: b goes first
    lru.set("d", m(5));
    expect([...lru.keys()]).toEqual(["c", "a", "d"]);
    expect(lru.held).toBe(80);
    lru.set("big", m(50)); // 200 bytes: everything else goes, it stays
    expect([...lru.keys()]).toEqual(["big"]);
    lru.set("big", m(1)); // replacing counts the new size only
    expect(lru.held).toBe(4);
  });

  test("artifactBytes counts typed-array columns exactly", () => {
    expect(artifactBytes(table({ a: new Int32Array(3), b: new Float64Array(3) }))).toBe(36);
    expect(artifactBytes(m(4))).toBe(16);
  });
});
