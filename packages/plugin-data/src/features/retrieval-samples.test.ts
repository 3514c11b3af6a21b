import { expect, test } from "bun:test";
import type { Table } from "@shortlist/runner";
import { orderByUserTime } from "../util/order-rows.ts";
import { indexInteractions } from "./interactions.ts";
import { retrievalSamples } from "./retrieval-samples.ts";
import { readItems } from "./side-tables.ts";
import { trainStats } from "./stats.ts";

test("negatives follow count^0.75, exclude the user's items, and repeat with the seed", () => {
  // user 1 trains on item 1 once; items 2..4 are trained by user 2 with counts 1, 8, 27.
  const pairs: [number, number][] = [[1, 1]];
  for (const [item, c] of [[2, 1], [3, 8], [4, 27]] as const) for (let k = 0; k < c; k++) pairs.push([2 + k, item]);
  const it = indexInteractions({
    n: pairs.length,
    user: Int32Array.from(pairs, (p) => p[0]),
    item: Int32Array.from(pairs, (p) => p[1]),
    rating: new Float32Array(pairs.length).fill(4),
    timestamp: new Int32Array(pairs.length),
  });
  const runs = orderByUserTime(it.users.index, it.users.ids.length, it.timestamp, it.items.index, it.items.ids.length);
  const split = new Uint8Array(it.n); // all training
  const stats = trainStats(it, split, readItems(undefined, "items"), 4);
  const o = { negatives: 20_000, negativeExponent: 0.75 };
  const { samples } = retrievalSamples(it, runs, split, stats, o, 5);
  const u = samples.columns.user as Int32Array;
  const item = samples.columns.item as Int32Array;
  const label = samples.columns.label as Float32Array;
  const counts = new Map<number, number>();
  for (let r = 0; r < samples.length; r++) if (u[r] === 1 && label[r] === 0) counts.set(item[r]!, (counts.get(item[r]!) ?? 0) + 1);
  expect(counts.has(1)).toBe(false); // never the user's own item
  const total = 20_000;
  // weights 1^0.75 : 8^0.75 : 27^0.75 = 1 : 4.757 : 11.84 (item 1, the user's, excluded)
  const w = [1, 8 ** 0.75, 27 ** 0.75];
  const sum = w[0]! + w[1]! + w[2]!;
  [2, 3, 4].forEach((i, k) => expect((counts.get(i) ?? 0) / total).toBeCloseTo(w[k]! / sum, 1));
  const again = retrievalSamples(it, runs, split, stats, o, 5).samples;
  expect(Buffer.from((again.columns.item as Int32Array).buffer).equals(Buffer.from(item.buffer))).toBe(true);
  const other = retrievalSamples(it, runs, split, stats, o, 6).samples as Table;
  expect(Buffer.from((other.columns.item as Int32Array).buffer).equals(Buffer.from(item.buffer))).toBe(false);
});
