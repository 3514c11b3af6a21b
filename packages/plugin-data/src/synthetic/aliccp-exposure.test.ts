import { createHash } from "node:crypto";
import { describe, expect, test } from "bun:test";
import { UserError } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import plugin from "../index.ts";
import { generateAliCcp, personalisedExposure, PlantedModel, type AliCcpOptions } from "./aliccp.ts";
import { globalItemProbability } from "./aliccp-exposure.ts";

const base: AliCcpOptions = { rows: 20_000, signal: "planted", seed: 1, clickRate: 0.1, conversionRate: 0.05, strength: 10, dims: 8 };
const personal: AliCcpOptions = { ...base, exposure: "personalised", exposureShare: 0.5 };
const ITEM_MAX = 3_078_306;

const digest = (cols: Record<string, Int32Array>) => {
  const h = createHash("sha256");
  for (const v of Object.values(cols)) h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  return h.digest("hex").slice(0, 16);
};

/** Mean over rows of a per-(user, item) value. */
const mean = (cols: Record<string, Int32Array>, f: (u: number, i: number) => number) =>
  cols.user_id!.reduce((s, u, r) => s + f(u, cols.item_id![r]!), 0) / cols.user_id!.length;

describe('synthetic Ali-CCP, exposure: "personalised"', () => {
  test("defaults unchanged: no exposure, global, or a share of 0 give the generator's bytes before the option", () => {
    // Digest recorded from the generator before exposure existed (strength 3, as aliccp-features.test.ts).
    const strength3 = { ...base, strength: 3 };
    expect(digest(generateAliCcp(strength3))).toBe("66913f583b0eecba");
    expect(digest(generateAliCcp({ ...strength3, exposure: "global", exposureShare: 0.5 }))).toBe("66913f583b0eecba");
    expect(digest(generateAliCcp({ ...strength3, exposure: "personalised", exposureShare: 0 }))).toBe("66913f583b0eecba");
  });

  test("deterministic for a seed, different for another and from the global exposure", () => {
    expect(digest(generateAliCcp(personal))).toBe(digest(generateAliCcp(personal)));
    expect(digest(generateAliCcp({ ...personal, seed: 2 }))).not.toBe(digest(generateAliCcp(personal)));
    expect(digest(generateAliCcp(personal))).not.toBe(digest(generateAliCcp(base)));
  });

  test("impressions follow the planted affinity, in proportion to the share", () => {
    const model = new PlantedModel(base);
    const affinity = (u: number, i: number) => model.affinityOf(u, i);
    const [none, half, all] = [base, personal, { ...personal, exposureShare: 1 }].map((o) => mean(generateAliCcp(o), affinity)) as [number, number, number];
    console.log(`aliccp exposure: mean affinity of impressions, share 0 ${none.toFixed(3)}, 0.5 ${half.toFixed(3)}, 1 ${all.toFixed(3)}`);
    // Global impressions ignore the user: mean affinity ≈ 0 (factors are centred at 0).
    expect(Math.abs(none)).toBeLessThan(0.15);
    expect(all).toBeGreaterThan(none + 1);
    // Half the rows personalised: half the shift (the rows are picked independently of the affinity).
    expect(Math.abs(half - (none + all) / 2)).toBeLessThan(0.15 * (all - none));
    // A higher temperature flattens the softmax: a smaller shift.
    expect(mean(generateAliCcp({ ...personal, exposureShare: 1, exposureTemperature: 4 }), affinity)).toBeLessThan(all - 0.5);
  });

  test("exposurePool: a larger pool brings a user's exposure to its expectation q(i)·e^{a/T} / Σ q·e^{a/T}; 512 is the default's bytes", () => {
    expect(digest(generateAliCcp({ ...personal, exposurePool: 512 }))).toBe(digest(generateAliCcp(personal)));
    expect(digest(generateAliCcp({ ...personal, exposurePool: 4096 }))).not.toBe(digest(generateAliCcp(personal)));
    const model = new PlantedModel(base);
    const items = Array.from({ length: 3000 }, (_, k) => k + 1); // ~99.96% of the global mass
    const gap = (pool: number) => {
      const e = personalisedExposure({ ...personal, exposureShare: 1, exposurePool: pool })!;
      let total = 0;
      for (const user of [3, 17, 40, 95, 260]) {
        const w = items.map((i) => globalItemProbability(i, ITEM_MAX) * Math.exp(model.affinityOf(user, i)));
        const z = w.reduce((a, b) => a + b, 0);
        // Total variation distance between the pool's distribution and the expectation.
        total += 0.5 * items.reduce((s, i, k) => s + Math.abs(Math.exp(e.logProbability(user, i)) - w[k]! / z), 0);
      }
      return total / 5;
    };
    const [small, large] = [gap(512), gap(16_384)];
    console.log(`aliccp exposure: total variation to the expected exposure, pool 512 ${small.toFixed(3)}, 16,384 ${large.toFixed(3)}`);
    expect(large).toBeLessThan(0.6 * small);
    expect(() => personalisedExposure({ ...personal, exposurePool: 0 })).toThrow("exposurePool must be an integer ≥ 1");
  });

  test("logProbability is the distribution the rows are drawn from (a heavy user's impressions)", () => {
    const o = { ...personal, rows: 200_000 };
    const cols = generateAliCcp(o);
    const exposure = personalisedExposure(o)!;
    const rows = new Map<number, number[]>();
    cols.user_id!.forEach((u, r) => rows.set(u, [...(rows.get(u) ?? []), cols.item_id![r]!]));
    const [user, items] = [...rows].sort((a, b) => b[1].length - a[1].length)[0]!;
    expect(items.length).toBeGreaterThan(1000);
    // Mean log-likelihood of the user's items: the true distribution beats the global one (by a KL).
    const model = items.reduce((s, i) => s + exposure.logProbability(user, i), 0) / items.length;
    const global = items.reduce((s, i) => s + Math.log(globalItemProbability(i, ITEM_MAX)), 0) / items.length;
    expect(Number.isFinite(model)).toBe(true);
    expect(model).toBeGreaterThan(global + 0.3);
    // and the probabilities it gives the user's distinct items sum to at most 1 (a distribution).
    const total = [...new Set(items)].reduce((s, i) => s + Math.exp(exposure.logProbability(user, i)), 0);
    expect(total).toBeLessThanOrEqual(1 + 1e-9);
    // Each impression's item is in the user's pool or a global draw: its probability is never 0.
    for (const i of items) expect(exposure.logProbability(user, i)).toBeGreaterThan(-Infinity);
  });

  test("globalItemProbability sums to 1 and matches the global draws", () => {
    let s = 0;
    for (let k = 1; k <= 200_000; k++) s += globalItemProbability(k, ITEM_MAX);
    expect(s).toBeGreaterThan(0.999);
    const cols = generateAliCcp(base);
    const ones = cols.item_id!.filter((i) => i === 10).length / base.rows;
    expect(Math.abs(ones - globalItemProbability(10, ITEM_MAX))).toBeLessThan(0.004);
  });

  test('the stage rejects exposure "personalised" without a share, naming the option', async () => {
    const error = await runStage(plugin, "data.synthetic.aliccp", { options: { rows: 5_000, exposure: "personalised" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(String((error as Error).message)).toContain("exposureShare");
  });
});
