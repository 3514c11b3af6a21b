/** data.synthetic.aliccp: Merlin's synthetic Ali-CCP impressions, optionally with planted signal. */
import { defineStage, table, UserError, type Table } from "@shortlist/runner";
import { z } from "zod";
import { generateAliCcp } from "./aliccp.ts";
import { POOL_SIZE } from "./aliccp-exposure.ts";
import { ALICCP_COLUMNS, type AliCcpRole } from "./aliccp-schema.ts";

const options = z.object({
  rows: z.number().int().min(1_000).max(100_000_000).default(100_000).describe("Number of impressions (rows) to generate"),
  signal: z
    .enum(["none", "planted"])
    .default("planted")
    .describe('"none": Merlin\'s behaviour, clicks independent of user and item (50% of rows); "planted": clicks from latent user–item affinity'),
  clickRate: z.number().gt(0).lt(1).default(0.1).describe("planted: click rate at zero affinity and position 0"),
  conversionRate: z.number().gt(0).lt(1).default(0.05).describe("planted: conversion rate of a click at zero affinity"),
  strength: z.number().min(0).default(3).describe("planted: weight of the latent affinity in the click and conversion logits"),
  dims: z.number().int().min(1).max(64).default(8).describe("planted: latent dimensions"),
  factors: z
    .enum(["ids", "features"])
    .default("ids")
    .describe(
      'planted: "ids" — each user and item id has its own latent factors, features are cuts of the id (Merlin\'s); "features" — user segment and item category/brand/shop are drawn per id and each factor is its features\' centroid plus a per-id part (idShare), so features carry the signal',
    ),
  idShare: z.number().min(0).max(1).default(0.1).describe('planted, factors "features": share of a factor\'s variance that belongs to the id alone'),
  exposure: z
    .enum(["global", "personalised"])
    .default("global")
    .describe('planted: "global" — every impression\'s item from one global lognormal, whatever the user (Merlin\'s); "personalised" — exposureShare of each user\'s impressions drawn from a softmax over the planted affinity, as a recommender shows them'),
  exposureShare: z.number().min(0).max(1).default(0).describe('planted, exposure "personalised": share of impressions shown by affinity (0: none)'),
  exposureTemperature: z.number().gt(0).default(1).describe('planted, exposure "personalised": softmax temperature over the affinity (strength·⟨u, v⟩)'),
  exposurePool: z.number().int().min(1).default(POOL_SIZE).describe('planted, exposure "personalised": global draws in each user\'s pool that the softmax picks from (larger: each user\'s exposure closer to its expectation, less per-user chance)'),
  seed: z.number().int().optional().describe("Seed (default: the pipeline seed)"),
});

export const syntheticAliCcp = defineStage({
  kind: "source",
  description: "Synthetic Ali-CCP impressions in Merlin's raw schema (25 columns), with signal none|planted",
  options,
  inputs: [],
  outputs: ["impressions", "interactions", "users", "items"],
  run(ctx, o) {
    if (o.exposure === "personalised" && o.signal === "planted" && o.exposureShare === 0) throw new UserError('data.synthetic.aliccp: exposure "personalised" needs exposureShare > 0 (the share of impressions it draws)');
    const cols = generateAliCcp({ ...o, seed: o.seed ?? ctx.seed });
    const n = o.rows;
    let clicks = 0;
    for (const c of cols.click!) clicks += c;
    ctx.log(`synthetic Ali-CCP: ${n} impressions, ${clicks} clicks (${((100 * clicks) / n).toFixed(1)}%), signal ${o.signal}${o.factors === "features" ? ", factors features" : ""}${o.exposure === "personalised" ? `, personalised exposure ${o.exposureShare}` : ""}`);
    ctx.output("impressions", table(cols));
    // interactions: every impression, rating = click (0/1); timestamps only order the rows.
    ctx.output(
      "interactions",
      table({
        user: cols.user_id!,
        item: cols.item_id!,
        rating: Float32Array.from(cols.click!),
        timestamp: Int32Array.from({ length: n }, (_, r) => 1_500_000_000 + r),
      }),
    );
    ctx.output("users", distinctRows(cols, "user_id", "user", "user"));
    ctx.output("items", itemRows(cols));
  },
});

/** One row per distinct id (ascending) with the features derived from it. */
function distinctRows(cols: Record<string, Int32Array>, idCol: string, key: string, role: AliCcpRole): Table {
  const ids = cols[idCol]!;
  const firstRow = new Map<number, number>();
  for (let r = 0; r < ids.length; r++) if (!firstRow.has(ids[r]!)) firstRow.set(ids[r]!, r);
  const sorted = Int32Array.from(firstRow.keys()).sort();
  const out: Record<string, Int32Array> = { [key]: sorted };
  for (const c of ALICCP_COLUMNS) if (c.role === role) out[c.name] = Int32Array.from(sorted, (id) => cols[c.name]![firstRow.get(id)!]!);
  return table(out);
}

/** items in the shared shape { item, title, genres, year } (genres = the category) plus the item features. */
function itemRows(cols: Record<string, Int32Array>): Table {
  const t = distinctRows(cols, "item_id", "item", "item");
  const item = t.columns.item as Int32Array;
  const category = t.columns.item_category as Int32Array;
  return table({
    item,
    title: Array.from(item, (i) => `item ${i}`),
    genres: Array.from(category, (c) => `category ${c}`),
    year: new Int32Array(item.length),
    ...Object.fromEntries(Object.entries(t.columns).filter(([k]) => k !== "item")),
  });
}
