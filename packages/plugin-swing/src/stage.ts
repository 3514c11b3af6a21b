/** recall.swing: item-to-item neighbours by Swing score. */
import { defineStage } from "@shortlist/runner";
import { neighboursDerive, neighbourTable, userItemMatrix } from "@shortlist/runner/recsys";
import { z } from "zod";

import { sampleItemUsers } from "./sample-users.ts";
import { swingNeighbours } from "./shard-task.ts";
import { popularityDiscount, swingUserWeights } from "./user-weights.ts";

export const swingOptions = z.object({
  input: z.string().min(1).default("split.train").describe("Interactions to learn from ({ user, item, timestamp?, … }; every row counts as one binary interaction)"),
  output: z.string().min(1).default("i2i.swing").describe("Name of the neighbour table written ({ item, rank, neighbour, score })"),
  alpha: z.number().min(0).default(1).describe("Smoothing α in 1/(α + |I_u ∩ I_v|): larger α lets pairs of users with big overlaps count more"),
  alpha1: z.number().min(0).default(5).describe("α1 in the user weight w_u = (|I_u| + α1)^(−β)"),
  beta: z.number().min(0).default(0.3).describe("β in the user weight w_u = (|I_u| + α1)^(−β); 0 gives the paper's plain form"),
  popularityExponent: z
    .number()
    .min(0)
    .default(0)
    .describe("γ: each score s(i,j) is multiplied by |U_j|^(−γ), discounting popular neighbours; 0 gives the paper's score (1.2 scores best on ML-100K, see README)"),
  maxUsersPerItem: z.number().int().min(2).max(8_192).default(1000).describe("Users whose pairs score an item: a popular item's users are reservoir-sampled down to this many (seeded)"),
  maxItemsPerUser: z.number().int().min(1).default(1000).describe("Users with more items keep only their most recent ones (by timestamp)"),
  neighbours: z.number().int().min(1).default(20).describe("Neighbours kept per item, by score descending, ties by item id"),
});

export type SwingStageOptions = z.output<typeof swingOptions>;

export const swingStage = defineStage({
  kind: "recall",
  description: "Swing neighbours (Yang et al. 2020) of every item, with seeded per-item user sampling → i2i.swing",
  options: swingOptions,
  inputs: (o) => [o.input],
  outputs: (o) => [o.output],
  // a top-n list is the first n rows of a top-N one (N ≥ n; sampling does not depend on n): `shortlist tune` cuts instead of rerunning
  derive: neighboursDerive,
  async run(ctx, o) {
    const { items, x, truncated } = userItemMatrix(await ctx.table(o.input), o.input, o.maxItemsPerUser);
    const { itemUsers, sampled } = sampleItemUsers(x, o.maxUsersPerItem, ctx.seed, items);
    const top = await swingNeighbours(ctx, x, {
      topN: o.neighbours,
      alpha: o.alpha,
      userWeights: swingUserWeights(x, o.alpha1, o.beta),
      candidateWeights: o.popularityExponent > 0 ? popularityDiscount(x, o.popularityExponent) : undefined,
      itemUsers,
    });
    const out = neighbourTable(top, items);
    ctx.output(o.output, out);
    const where = ctx.cluster ? "the run's workers" : (await ctx.gpu()).name;
    ctx.log(
      `${o.output}: ${out.length} neighbours of ${items.length} items from ${x.rows} users on ${where}` +
        ` (${truncated} users cut to their ${o.maxItemsPerUser} latest items, ${sampled} items' users sampled to ${o.maxUsersPerItem})`,
    );
  },
});
