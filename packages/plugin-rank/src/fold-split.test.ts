import { expect, test } from "bun:test";
import { seededRandom } from "@shortlist/core-gpu";
import { table, type Table } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import { foldRows } from "./fold-split.ts";
import plugin from "./index.ts";

test("rank.fold holds out round(share × n) of each user's rows, seeded, and splits the table into the two", async () => {
  const rand = seededRandom(3);
  const user = Int32Array.from({ length: 600 }, () => 1 + Math.floor(rand() * 40));
  const item = Int32Array.from(user, (_, r) => r);
  const rating = Float32Array.from(user, () => 1 + Math.floor(rand() * 5));
  const train = table({ user, item, rating });
  const { outputs, metrics } = await runStage(plugin, "rank.fold", { inputs: { "split.train": train }, options: { share: 0.2 }, seed: 9 });
  const rest = outputs["fold.train"] as Table;
  const labels = outputs["fold.labels"] as Table;
  const count = (t: Table) => {
    const m = new Map<number, number>();
    for (const u of t.columns.user as Int32Array) m.set(u, (m.get(u) ?? 0) + 1);
    return m;
  };
  const all = count(train), held = count(labels);
  for (const [u, n] of all) expect(held.get(u) ?? 0).toBe(Math.round(0.2 * n));
  expect(metrics.label_rows).toBe(labels.length);
  // every row in exactly one of the two, with its columns
  const key = (t: Table) => Array.from(t.columns.item as Int32Array, (i, r) => `${i}:${(t.columns.user as Int32Array)[r]}:${(t.columns.rating as Float32Array)[r]}`);
  expect([...key(rest), ...key(labels)].sort()).toEqual(key(train).sort());
  // the same seed the same fold, another seed another
  expect(Array.from(foldRows(user, 0.2, 9))).toEqual(Array.from(foldRows(user, 0.2, 9)));
  expect(Array.from(foldRows(user, 0.2, 10))).not.toEqual(Array.from(foldRows(user, 0.2, 9)));
});
