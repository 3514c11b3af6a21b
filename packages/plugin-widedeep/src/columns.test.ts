import { describe, expect, test } from "bun:test";
import { table, UserError } from "@shortlist/runner";
import { runStage } from "@shortlist/runner/testing";
import { resolveColumns } from "./columns.ts";
import plugin from "./index.ts";
import { columnOptions } from "./options.ts";
import { plantedSamples, SMALL } from "./testing.ts";

const samples = plantedSamples(600, 1);
const resolve = (o: object) => resolveColumns(columnOptions.parse(o), samples, "samples.ranking", "rank.widedeep");
const fails = (o: object) => expect(() => resolve(o));

describe("resolveColumns", () => {
  test("expands patterns, keeps the table's order, puts one-hot singles before crosses", () => {
    const c = resolve({ sparse: ["*_code"], dense: ["item_mean_rating"], crosses: ["user_code#genre_code"], sequence: ["hist_*"] });
    expect(c.sparse).toEqual(["user_code", "item_code", "genre_code"]);
    expect(c.sequence).toEqual(["hist_0", "hist_1", "hist_2", "hist_3"]);
    expect(c.sequenceShares).toBe(1);
    expect(c.wide).toEqual([["user_code"], ["item_code"], ["genre_code"], ["user_code", "genre_code"]]);
    expect(resolve({ dense: [], crosses: [], wideSingles: false, sequenceShares: "none" }).sequenceShares).toBe(-1);
  });

  test("an unknown column names the option path and the nearest column", () => {
    fails({ sparse: ["user_code", "genre_cod"], dense: [] }).toThrow(/columns\.sparse\[1\]: samples\.ranking has no column "genre_cod"; did you mean "genre_code"\?/);
    fails({ dense: ["item_mean_ratin"] }).toThrow(/columns\.dense\[0\].*did you mean "item_mean_rating"/);
    fails({ dense: [], crosses: ["user_code#genr_code"] }).toThrow(/columns\.crosses\[0\]\[1\].*"genre_code"/);
    fails({ dense: [], crosses: ["user_code#genr_code"] }).toThrow(UserError);
  });

  test("a cross of a column with itself, or of one column, is refused", () => {
    fails({ dense: [], crosses: ["user_code#user_code"] }).toThrow(/columns\.crosses\[0\]: "user_code#user_code" crosses column "user_code" with itself/);
    fails({ dense: [], crosses: ["user_code"] }).toThrow(/columns\.crosses\[0\]: "user_code" is not a cross/);
  });

  test("strings in a dense column, floats in a sparse one, a column used both ways: clear errors", () => {
    const t = table({ ...samples.columns, city: Array.from({ length: samples.length }, (_, i) => `c${i % 3}`) });
    expect(() => resolveColumns(columnOptions.parse({ dense: ["city"] }), t, "samples.ranking", "rank.widedeep")).toThrow(/columns\.dense\[0\]: column "city" holds strings \(e\.g\. "c0"\), expected numeric values/);
    fails({ sparse: ["item_mean_rating"], dense: [] }).toThrow(/columns\.sparse\[0\]: column "item_mean_rating" is Float32Array, expected integer codes/);
    fails({ dense: ["user_code"], crosses: [] }).toThrow(/columns\.dense\[0\]: column "user_code" is also a sparse/);
    fails({ sparse: [], dense: [], sequence: [], crosses: [] }).toThrow(/no sparse, dense or sequence column/);
  });
});

describe("rank.widedeep bad options and bad training", () => {
  const run = (options: object) => runStage(plugin, "rank.widedeep", { inputs: { "samples.ranking": samples }, options: { ...SMALL, ...options } });
  test("zero buckets, a hidden layer of size 0, half a funnel: user errors naming the option", async () => {
    await expect(run({ wideBuckets: 0 })).rejects.toThrow(/wideBuckets/);
    await expect(run({ hiddenUnits: [16, 0] })).rejects.toThrow(/hiddenUnits\[1\]: Too small/);
    await expect(run({ hiddenUnits: [16, 0] })).rejects.toThrow(UserError);
    await expect(run({ candidates: "candidates.train" })).rejects.toThrow(/candidates is set without rank/);
  });

  test("a NaN loss stops training with an error naming the step", async () => {
    const bad = table({ ...samples.columns, item_mean_rating: Float32Array.from(samples.columns.item_mean_rating as Float32Array, (v, i) => (i === 500 ? Infinity : v)) });
    const p = runStage(plugin, "rank.widedeep", { inputs: { "samples.ranking": bad }, options: { ...SMALL, denseLog: false } });
    await expect(p).rejects.toThrow(UserError);
    await expect(p).rejects.toThrow(/rank\.widedeep: training step \d+: BCE loss is NaN/);
  });
});
