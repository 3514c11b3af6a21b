import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { hash32, keyOf, Rng, seededRandom } from "./rng.ts";

describe("Rng", () => {
  test("the same keys give the same stream; different keys differ", () => {
    const a = new Rng(42, keyOf("x"));
    const b = new Rng(42, keyOf("x"));
    const c = new Rng(43, keyOf("x"));
    const sa = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(sa);
  });

  test("floats are uniform in [0, 1) and normals have mean 0, variance 1", () => {
    const r = new Rng(1);
    let sum = 0;
    let min = 1;
    let max = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = r.float();
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    let m = 0;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      m += z;
      v += z * z;
    }
    expect(m / n).toBeCloseTo(0, 1);
    expect(v / n).toBeCloseTo(1, 1);
  });

  test("pick follows the weights", () => {
    const r = new Rng(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[r.pick([1, 0, 2])]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeCloseTo(2, 1);
  });

  test("hash32 depends on every key and their order", () => {
    expect(hash32(1, 2)).not.toBe(hash32(2, 1));
    expect(hash32(1, 2)).toBe(hash32(1, 2));
    expect(keyOf("users")).not.toBe(keyOf("items"));
  });
});

describe("seededRandom", () => {
  test("is the Rng stream of the same keys, as a function", () => {
    const rand = seededRandom(5, 1);
    const r = new Rng(5, 1);
    expect([rand(), rand(), rand()]).toEqual([r.float(), r.float(), r.float()]);
    expect(seededRandom(6)()).not.toBe(seededRandom(5)());
  });
});

/** Every source file of the packages, except this generator's own. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.includes("node_modules") && !f.startsWith("core-gpu/src/random/"))
    .map((f) => join(dir, f));
}

test("no package carries a random generator of its own", () => {
  // mulberry32's increment and sfc32's counter step: the generators the packages used to copy
  const own = /0x6d2b79f5|this\.d \+ 1\) \| 0/i;
  const packages = resolve(import.meta.dir, "../../..");
  expect(sources(packages).filter((f) => own.test(readFileSync(f, "utf8")))).toEqual([]);
});
