import { expect, test } from "bun:test";
import { randomInteractions } from "./random-interactions.ts";

test("seeded, distinct items per user within bounds, ids from 100", () => {
  const a = randomInteractions(7, 30, 12, 2);
  expect(randomInteractions(7, 30, 12, 2)).toEqual(a);
  const user = a.columns.user as Int32Array, item = a.columns.item as Int32Array;
  const per = new Map<number, Set<number>>();
  user.forEach((u, r) => per.set(u, (per.get(u) ?? new Set()).add(item[r]!)));
  expect(per.size).toBe(30);
  for (const items of per.values()) {
    expect(items.size).toBeGreaterThanOrEqual(2);
    expect(items.size).toBeLessThanOrEqual(7);
    for (const i of items) expect(i >= 100 && i < 112).toBe(true);
  }
  expect(user.length).toBe([...per.values()].reduce((n, s) => n + s.size, 0));
});
