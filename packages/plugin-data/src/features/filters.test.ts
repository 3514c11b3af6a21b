import { describe, expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import { applyFilters, kCoreMask } from "./filters.ts";
import type { Interactions } from "./interactions.ts";

function rows(pairs: [number, number, number?][]): Interactions {
  return {
    n: pairs.length,
    user: Int32Array.from(pairs, (p) => p[0]),
    item: Int32Array.from(pairs, (p) => p[1]),
    rating: Float32Array.from(pairs, (p) => p[2] ?? 3),
    timestamp: new Int32Array(pairs.length),
  };
}

/** The k-core by definition: repeat whole passes until every user and item has ≥ k rows. */
function bruteKCore(it: Interactions, k: number): number[] {
  let keep = Array.from({ length: it.n }, (_, i) => i);
  for (;;) {
    const uc = new Map<number, number>();
    const ic = new Map<number, number>();
    for (const i of keep) (uc.set(it.user[i]!, (uc.get(it.user[i]!) ?? 0) + 1), ic.set(it.item[i]!, (ic.get(it.item[i]!) ?? 0) + 1));
    const next = keep.filter((i) => uc.get(it.user[i]!)! >= k && ic.get(it.item[i]!)! >= k);
    if (next.length === keep.length) return keep;
    keep = next;
  }
}

describe("filters", () => {
  test("k-core cascades: dropping a user can push an item below k", () => {
    const it = rows([[1, 10], [1, 20], [2, 10], [2, 20], [3, 20], [3, 30]]);
    // 2-core: item 30 (1 row) goes → user 3 has 1 row → goes → item 20 keeps users 1, 2
    expect(Array.from(kCoreMask(it, 2))).toEqual([1, 1, 1, 1, 0, 0]);
  });

  test("k-core matches the definition on random data", () => {
    const r = new Rng(4);
    const pairs: [number, number][] = [];
    for (let i = 0; i < 3000; i++) pairs.push([r.int(200), Math.floor(r.float() ** 2 * 150)]);
    const it = rows(pairs);
    for (const k of [2, 5, 10]) {
      const mask = kCoreMask(it, k);
      expect(Array.from(mask.keys()).filter((i) => mask[i])).toEqual(bruteKCore(it, k));
    }
  });

  test("minRating drops rows below it before the k-core", () => {
    const it = rows([[1, 10, 5], [1, 20, 1], [2, 10, 4], [2, 20, 4]]);
    const out = applyFilters(it, { minRating: 2, kCore: 2 });
    // minRating removes (1, 20); in the 2-core user 1 and item 20 have one row each, and with them
    // gone item 10 and user 2 fall below 2 as well: nothing is left.
    expect(out.n).toBe(0);
    expect(applyFilters(it, { minRating: 2, kCore: 0 }).n).toBe(3);
    expect(applyFilters(it, { kCore: 0 })).toBe(it); // nothing to do: no copy
  });
});
