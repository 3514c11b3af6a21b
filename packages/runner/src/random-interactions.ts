/** Seeded random interaction tables for plugin tests (exported by `@shortlist/runner/testing`). */
import { Rng } from "@shortlist/core-gpu/random";
import { table, type Table } from "./artifacts.ts";

/**
 * `{ user, item }` with users 0…users-1, each holding `minItems` to `minItems + 5` distinct items
 * drawn from ids 100…100+items-1: with few items, co-counts and scores tie often.
 * @example randomInteractions(1, 60, 25) // ~60 × 3.5 rows
 */
export function randomInteractions(seed: number, users: number, items: number, minItems = 1): Table {
  const rng = new Rng(seed);
  const user: number[] = [];
  const item: number[] = [];
  for (let u = 0; u < users; u++) {
    const seen = new Set<number>();
    for (let n = minItems + rng.int(6); seen.size < n; ) seen.add(100 + rng.int(items));
    for (const i of seen) user.push(u), item.push(i);
  }
  return table({ user: Int32Array.from(user), item: Int32Array.from(item) });
}
