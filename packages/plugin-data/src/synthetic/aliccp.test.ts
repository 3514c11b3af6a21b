import { describe, expect, test } from "bun:test";
import { runStage } from "@shortlist/runner/testing";
import { auc } from "@shortlist/runner/metrics";
import plugin from "../index.ts";
import { generateAliCcp, PlantedModel, type AliCcpOptions } from "./aliccp.ts";
import { ALICCP_COLUMNS } from "./aliccp-schema.ts";

const base: AliCcpOptions = { rows: 20_000, signal: "none", seed: 1, clickRate: 0.1, conversionRate: 0.05, strength: 3, dims: 8 };
const MERLIN_NAMES = [
  "user_id", "user_categories", "user_shops", "user_brands", "user_intentions", "user_profile", "user_group", "user_gender",
  "user_age", "user_consumption_1", "user_consumption_2", "user_is_occupied", "user_geography", "item_id", "item_category",
  "item_shop", "item_intention", "item_brand", "user_item_categories", "user_item_shops", "user_item_brands",
  "user_item_intentions", "position", "click", "conversion",
];

/** AUC of the planted click logits (an oracle that knows the factors) against the clicks drawn. */
function oracleAuc(cols: Record<string, Int32Array>, o: AliCcpOptions): number {
  const m = new PlantedModel(o);
  const scores = Array.from(cols.click!, (_, r) => m.clickLogit(cols.user_id![r]!, cols.item_id![r]!, cols.position![r]!));
  return auc(cols.click!, scores);
}

describe("synthetic Ali-CCP", () => {
  test("Merlin's 25 raw columns, int32, within the schema's cardinalities", () => {
    const cols = generateAliCcp(base);
    expect(Object.keys(cols)).toEqual(MERLIN_NAMES);
    for (const c of ALICCP_COLUMNS) {
      const v = cols[c.name]!;
      expect(v).toBeInstanceOf(Int32Array);
      expect(v.length).toBe(base.rows);
      const lo = c.role === "user" || c.role === "item" || c.role.endsWith("_id") ? 1 : 0;
      const hi = c.role === "user" || c.role === "item" ? c.max - 1 : c.role.endsWith("_id") ? c.max : c.max - 1;
      for (const x of v) {
        if (x < lo || x > hi) throw new Error(`${c.name} value ${x} outside [${lo}, ${hi}]`);
      }
    }
  });

  test("user and item features are functions of the id (pandas.cut of the id)", () => {
    const cols = generateAliCcp(base);
    const seen = new Map<number, number>();
    for (let r = 0; r < base.rows; r++) {
      const prev = seen.get(cols.user_id![r]!);
      if (prev !== undefined) expect(cols.user_shops![r]).toBe(prev);
      seen.set(cols.user_id![r]!, cols.user_shops![r]!);
    }
    // ids are lognormal(3, 1): most are small, as in Merlin
    const ids = Array.from(cols.item_id!).sort((a, b) => a - b);
    expect(ids[ids.length >> 1]).toBeLessThan(40);
  });

  test('signal "none": clicks are a coin flip, unrelated to user and item (Merlin)', () => {
    const cols = generateAliCcp({ ...base, rows: 60_000 });
    const rate = cols.click!.reduce((a, b) => a + b, 0) / cols.click!.length;
    expect(Math.abs(rate - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(oracleAuc(cols, base) - 0.5)).toBeLessThan(0.02);
  });

  test('signal "planted": clicks follow user–item affinity, conversions only after clicks', () => {
    const o = { ...base, rows: 60_000, signal: "planted" as const };
    const cols = generateAliCcp(o);
    const a = oracleAuc(cols, o);
    const rate = cols.click!.reduce((x, y) => x + y, 0) / o.rows;
    console.log(`aliccp planted: oracle click AUC ${a.toFixed(3)} (none: 0.5), click rate ${(100 * rate).toFixed(1)}%`);
    expect(a).toBeGreaterThan(0.7);
    for (let r = 0; r < cols.click!.length; r++) if (cols.conversion![r]) expect(cols.click![r]).toBe(1);
  });

  test("same seed, same bytes", () => {
    const a = generateAliCcp({ ...base, signal: "planted" });
    const b = generateAliCcp({ ...base, signal: "planted" });
    for (const k of MERLIN_NAMES) expect(Buffer.from(a[k]!.buffer).equals(Buffer.from(b[k]!.buffer))).toBe(true);
  });

  test("stage outputs impressions, interactions (rating = click), users and items", async () => {
    const { outputs } = await runStage(plugin, "data.synthetic.aliccp", { options: { rows: 5_000 } });
    const imp = outputs.impressions!;
    const inter = outputs.interactions!;
    if (imp.kind !== "table" || inter.kind !== "table") throw new Error("expected tables");
    expect(Object.keys(imp.columns).length).toBe(25);
    expect(Array.from(inter.columns.rating as Float32Array)).toEqual(Array.from(imp.columns.click as Int32Array));
    const users = outputs.users!;
    if (users.kind !== "table") throw new Error("expected a table");
    expect(Object.keys(users.columns)).toHaveLength(13); // user + 12 user features
  });
});
