/** recall.itemcf: item-to-item neighbours by co-occurrence similarity. */
import { defineStage } from "@shortlist/runner";
import { neighboursDerive, neighbourTable, userItemMatrix } from "@shortlist/runner/recsys";
import { z } from "zod";
import { similarityOptions } from "./similarity.ts";
import { cooccurrenceTopN } from "./shard-task.ts";

export const itemcfOptions = z.object({
  input: z.string().min(1).default("split.train").describe("Interactions to learn from ({ user, item, … }; every row counts as one binary interaction)"),
  output: z.string().min(1).default("i2i.itemcf").describe("Name of the neighbour table written ({ item, rank, neighbour, score })"),
  similarity: z
    .enum(["cosine", "jaccard", "asymmetric"])
    .default("cosine")
    .describe("cosine: c/(√S_i·√S_j); jaccard: c/(S_i+S_j−c); asymmetric: c/(S_i^α·S_j^(1−α)); c = weighted co-count, S = weighted item count"),
  activityExponent: z
    .number()
    .min(0)
    .default(1)
    .describe("Each user adds r_u = |I_u|^(−activityExponent): 1 is MetaSpore's w_u = 1/√|I_u| (r_u = w_u²), 0 weighs users alike (plain forms), 2 scores best on ML-100K"),
  alpha: z.number().min(0).max(1).default(0.5).describe("Exponent α of the asymmetric cosine (0.5 = cosine, 1 = conditional probability P(j|i))"),
  shrink: z.number().min(0).default(0).describe("Added to every denominator: damps similarities resting on few users"),
  minCount: z.number().int().min(1).default(1).describe("Pairs shared by fewer users than this are never neighbours"),
  neighbours: z.number().int().min(1).default(20).describe("Neighbours kept per item, by score descending, ties by item id"),
});

export type ItemcfOptions = z.output<typeof itemcfOptions>;

export const itemcfStage = defineStage({
  kind: "recall",
  description: "ItemCF neighbours (MetaSpore's activity-weighted cosine by default) of every item → i2i.itemcf",
  options: itemcfOptions,
  inputs: (o) => [o.input],
  outputs: (o) => [o.output],
  // a top-n list is the first n rows of a top-N one (N ≥ n): `shortlist tune` cuts instead of rerunning
  derive: neighboursDerive,
  async run(ctx, o) {
    const { items, x } = userItemMatrix(await ctx.table(o.input), o.input);
    const co = similarityOptions(x, o);
    const top = await cooccurrenceTopN(ctx, x, co);
    const out = neighbourTable(top, items);
    ctx.output(o.output, out);
    const where = ctx.cluster ? "on the run's workers" : (await ctx.gpu()).name;
    ctx.log(`${o.output}: ${out.length} neighbours of ${items.length} items from ${x.rows} users (${o.similarity}, activity exponent ${o.activityExponent}, ${where})`);
  },
});
