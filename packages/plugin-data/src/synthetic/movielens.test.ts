import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { buildWorld, interactionsTable, itemsTable, usersTable } from "./movielens.ts";
import { ratingChunks, generateRatings } from "./ratings.ts";

const size = { users: 300, items: 500, ratings: 20_000 };
const digest = (cols: Record<string, ArrayBufferView | string[]>) => {
  const h = createHash("sha256");
  for (const [k, c] of Object.entries(cols)) h.update(k).update(Array.isArray(c) ? JSON.stringify(c) : new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  return h.digest("hex");
};

describe("synthetic MovieLens generator", () => {
  test("same seed → same bytes; another seed → other bytes", () => {
    const a = interactionsTable(buildWorld(size, 7));
    const b = interactionsTable(buildWorld(size, 7));
    const c = interactionsTable(buildWorld(size, 8));
    expect(digest(a.columns as never)).toBe(digest(b.columns as never));
    expect(digest(a.columns as never)).not.toBe(digest(c.columns as never));
    expect(digest(usersTable(buildWorld(size, 7)).columns as never)).toBe(digest(usersTable(buildWorld(size, 7)).columns as never));
  });

  test("the bytes do not depend on the chunk size", () => {
    const w = buildWorld(size, 11);
    const whole = generateRatings(w, undefined, 1000);
    for (const chunkUsers of [1, 37]) {
      const parts = [...ratingChunks(w, chunkUsers)];
      const item = new Int32Array(size.ratings);
      let at = 0;
      for (const p of parts) {
        item.set(p.item, at);
        at += p.item.length;
      }
      expect(at).toBe(size.ratings);
      expect(digest({ item })).toBe(digest({ item: whole.item }));
    }
  });

  test("exact sizes, ML-1M value ranges, no repeated (user, movie), time-ordered per user", () => {
    const w = buildWorld(size, 3);
    const t = interactionsTable(w);
    const user = t.columns.user as Int32Array;
    const item = t.columns.item as Int32Array;
    const rating = t.columns.rating as Float32Array;
    const time = t.columns.timestamp as Int32Array;
    expect(t.length).toBe(size.ratings);
    expect(new Set(user).size).toBe(size.users); // every user has ≥ 20 ratings here
    const pairs = new Set<number>();
    const hist = [0, 0, 0, 0, 0];
    for (let r = 0; r < t.length; r++) {
      expect(item[r]).toBeGreaterThanOrEqual(1);
      expect(item[r]).toBeLessThanOrEqual(size.items);
      pairs.add(user[r]! * 1e4 + item[r]!);
      hist[rating[r]! - 1]!++;
      if (r > 0 && user[r] === user[r - 1]) expect(time[r]).toBeGreaterThanOrEqual(time[r - 1]!);
      expect(time[r]).toBeGreaterThanOrEqual(956_703_932);
      expect(time[r]).toBeLessThanOrEqual(1_046_454_590);
    }
    expect(pairs.size).toBe(t.length);
    // Calibrated to ML-1M's histogram (5.6 / 10.8 / 26.1 / 34.9 / 22.6 %), loosely.
    const share = hist.map((h) => h / t.length);
    expect(share[3]).toBeGreaterThan(share[0]!);
    for (const [k, target] of [0.056, 0.108, 0.261, 0.349, 0.226].entries()) expect(Math.abs(share[k]! - target)).toBeLessThan(0.05);
    const users = usersTable(w);
    expect(Object.keys(users.columns)).toEqual(["user", "gender", "age", "occupation", "zip"]);
    expect(new Set(users.columns.age as Int32Array).size).toBeGreaterThan(3);
    const items = itemsTable(w);
    expect(items.length).toBe(size.items);
    expect((items.columns.genres as string[]).every((g) => g.length > 0)).toBe(true);
  });

  test("popularity is long-tailed", () => {
    const t = interactionsTable(buildWorld({ users: 943, items: 1682, ratings: 100_000 }, 5));
    const counts = new Map<number, number>();
    for (const i of t.columns.item as Int32Array) counts.set(i, (counts.get(i) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const top10pct = sorted.slice(0, Math.floor(sorted.length / 10)).reduce((a, b) => a + b, 0);
    expect(top10pct / t.length).toBeGreaterThan(0.25); // the top tenth of movies get over a quarter of ratings
  });
});

describe("data.synthetic.movielens stage", () => {
  test("preset and knobs; outputs the three tables", async () => {
    const { outputs } = await runStage(plugin, "data.synthetic.movielens", { options: { preset: "tiny", ratings: 2_000 } });
    const t = outputs.interactions!;
    expect(t.kind === "table" && t.length).toBe(2_000);
    expect(outputs.users!.kind === "table" && outputs.users!.length).toBe(100);
    expect(outputs.items!.kind === "table" && outputs.items!.length).toBe(300);
  });
  test("sizes outside 1,000 … 100,000,000 ratings are rejected by the schema", async () => {
    await expect(runStage(plugin, "data.synthetic.movielens", { options: { ratings: 999 } })).rejects.toThrow(/ratings/);
    await expect(runStage(plugin, "data.synthetic.movielens", { options: { ratings: 100_000_001 } })).rejects.toThrow(/ratings/);
  });
  test("more ratings than users × items allow is a user error that says what to raise", async () => {
    await expect(runStage(plugin, "data.synthetic.movielens", { options: { users: 10, items: 20, ratings: 1_000 } })).rejects.toThrow(
      /do not fit 10 users × 20 items.*raise users or items/,
    );
  });
});
