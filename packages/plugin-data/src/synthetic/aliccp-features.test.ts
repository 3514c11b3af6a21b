import { createHash } from "node:crypto";
import { describe, expect, test } from "bun:test";
import { table, type Table } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { featuresOptions } from "../features/options.ts";
import { generateFeatures } from "../features/stage.ts";
import { generateAliCcp, PlantedModel, type AliCcpOptions } from "./aliccp.ts";
import { ALICCP_COLUMNS } from "./aliccp-schema.ts";
import { ITEM_FEATURE_FIELDS, USER_SEGMENT_FIELDS } from "./aliccp-features.ts";

const base: AliCcpOptions = { rows: 20_000, signal: "planted", seed: 1, clickRate: 0.1, conversionRate: 0.05, strength: 3, dims: 8 };
const features: AliCcpOptions = { ...base, factors: "features" };

const digest = (cols: Record<string, Int32Array>) => {
  const h = createHash("sha256");
  for (const v of Object.values(cols)) h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  return h.digest("hex").slice(0, 16);
};

/** Per user: the items of a split. */
function byUser(t: Table): Map<number, Set<number>> {
  const m = new Map<number, Set<number>>();
  const [u, it] = [t.columns.user as Int32Array, t.columns.item as Int32Array];
  u.forEach((x, r) => m.set(x, (m.get(x) ?? new Set()).add(it[r]!)));
  return m;
}

/**
 * recall@10 on split.valid (clicks only, per-user 80/10/10, training items excluded) of popularity
 * and of an oracle that knows only the factors' feature parts (log impressions + log σ(feature logit)).
 */
function featureOracleVsPopularity(o: AliCcpOptions): { oracle: number; popularity: number } {
  const cols = generateAliCcp(o);
  const interactions = table({ user: cols.user_id!, item: cols.item_id!, rating: Float32Array.from(cols.click!), timestamp: Int32Array.from({ length: o.rows }, (_, r) => r) });
  const out = generateFeatures(interactions, undefined, undefined, featuresOptions.parse({ minRating: 1, split: "ratio", ratios: [0.8, 0.1, 0.1] }), o.seed);
  const [train, valid] = [byUser(out["split.train"] as Table), byUser(out["split.valid"] as Table)];
  const [impressions, counts] = [new Map<number, number>(), new Map<number, number>()];
  for (const i of cols.item_id!) impressions.set(i, (impressions.get(i) ?? 0) + 1);
  for (const i of (out["split.train"] as Table).columns.item as Int32Array) counts.set(i, (counts.get(i) ?? 0) + 1);
  const items = [...counts.keys()];
  const popular = [...items].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b);
  const model = new PlantedModel(o);
  let [oracle, popularity, users] = [0, 0, 0];
  for (const [u, truth] of valid) {
    const seen = train.get(u);
    if (!seen) continue;
    const hits = (top: number[]) => top.filter((i) => truth.has(i)).length / truth.size;
    const score = (i: number) => Math.log(impressions.get(i)!) - Math.log1p(Math.exp(-model.featureClickLogit(u, i, 1.5)));
    oracle += hits(items.filter((i) => !seen.has(i)).map((i) => [i, score(i)] as const).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 10).map(([i]) => i));
    popularity += hits(popular.filter((i) => !seen.has(i)).slice(0, 10));
    users++;
  }
  return { oracle: oracle / users, popularity: popularity / users };
}

describe('synthetic Ali-CCP, factors: "features"', () => {
  test("the default (factors ids) output is byte-identical to the generator before the option existed", () => {
    // Digests recorded from the generator before factors: "features" was added (2026-12-06).
    expect(digest(generateAliCcp(base))).toBe("66913f583b0eecba");
    expect(digest(generateAliCcp({ ...base, factors: "ids" }))).toBe("66913f583b0eecba");
    expect(digest(generateAliCcp({ ...base, signal: "none" }))).toBe("b1dede90496e4c20");
  });

  test("deterministic for a seed, different for another", () => {
    expect(digest(generateAliCcp(features))).toBe(digest(generateAliCcp(features)));
    expect(digest(generateAliCcp({ ...features, seed: 2 }))).not.toBe(digest(generateAliCcp(features)));
    expect(digest(generateAliCcp(features))).not.toBe(digest(generateAliCcp(base)));
  });

  test("segment and item fields are functions of the id, in the schema's range, shared by many ids", () => {
    const cols = generateAliCcp(features);
    const maxOf = (name: string) => ALICCP_COLUMNS.find((c) => c.name === name)!.max;
    for (const [fields, idCol] of [[USER_SEGMENT_FIELDS, "user_id"], [ITEM_FEATURE_FIELDS, "item_id"]] as const) {
      for (const name of fields) {
        const byId = new Map<number, number>();
        const idsPerValue = new Map<number, Set<number>>();
        for (let r = 0; r < base.rows; r++) {
          const [id, v] = [cols[idCol]![r]!, cols[name]![r]!];
          if (v < 1 || v > maxOf(name) - 1) throw new Error(`${name} value ${v} outside [1, ${maxOf(name) - 1}]`);
          if (byId.has(id) && byId.get(id) !== v) throw new Error(`${name} differs between rows of ${idCol} ${id}`);
          byId.set(id, v);
          idsPerValue.set(v, (idsPerValue.get(v) ?? new Set()).add(id));
        }
        // Shared: a value covers several ids on average (Merlin's cuts give each id its own value).
        const mean = byId.size / idsPerValue.size;
        if (!["item_shop", "item_brand", "item_intention"].includes(name)) expect(mean).toBeGreaterThan(2);
        if (name === "item_category") expect(mean).toBeGreaterThan(5);
      }
    }
    // brand nested in category: one category per brand
    const catOfBrand = new Map<number, number>();
    cols.item_brand!.forEach((b, r) => {
      expect(catOfBrand.get(b) ?? cols.item_category![r]).toBe(cols.item_category![r]!);
      catOfBrand.set(b, cols.item_category![r]!);
    });
  });

  test("the features carry the signal: an oracle from features alone beats popularity (and does not when idShare is 1)", () => {
    const o: AliCcpOptions = { ...features, rows: 300_000, seed: 7, strength: 10 };
    const tied = featureOracleVsPopularity(o);
    const untied = featureOracleVsPopularity({ ...o, idShare: 1 });
    console.log(
      `aliccp factors features: valid recall@10 of the features-only oracle ${tied.oracle.toFixed(4)} vs popularity ${tied.popularity.toFixed(4)} ` +
        `(${(tied.oracle / tied.popularity).toFixed(2)}×); idShare 1: ${untied.oracle.toFixed(4)} vs ${untied.popularity.toFixed(4)}`,
    );
    // idShare 1 leaves the features nothing: the oracle ranks by impressions, close to popularity.
    const [ratio, control] = [tied.oracle / tied.popularity, untied.oracle / untied.popularity];
    expect(ratio).toBeGreaterThan(1.3);
    expect(control).toBeLessThan(1.25);
    expect(ratio - control).toBeGreaterThan(0.2);
  });

  test("the stage passes factors and idShare on; the items table carries the drawn category", async () => {
    const { outputs } = await runStage(plugin, "data.synthetic.aliccp", { options: { rows: 5_000, factors: "features", idShare: 0.3 }, seed: 3 });
    const items = outputs.items!;
    if (items.kind !== "table") throw new Error("expected a table");
    const direct = generateAliCcp({ ...features, rows: 5_000, seed: 3, idShare: 0.3 });
    expect(Array.from(outputs.impressions!.kind === "table" ? (outputs.impressions!.columns.click as Int32Array) : [])).toEqual(Array.from(direct.click!));
    expect(Math.max(...(items.columns.item_category as Int32Array))).toBeLessThanOrEqual(40);
    await expect(runStage(plugin, "data.synthetic.aliccp", { options: { rows: 5_000, factors: "features", idShare: 2 } })).rejects.toThrow(/idShare/);
  });
});
