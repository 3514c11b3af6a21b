/** recall.i2i-recs: user recommendations from any `i2i.<algo>` neighbour table. */
import { defineStage, table, UserError, type Table } from "@shortlist/runner";
import { concatIds, denseIds, intIds } from "@shortlist/runner/recsys";
import { z } from "zod";
import { neighbourLists } from "./neighbour-lists.ts";
import { recommendAll } from "./shard-task.ts";
import { chooseRecency, hasTimes } from "./time-order.ts";
import { userHistory } from "./user-history.ts";

export const i2iRecsOptions = z.object({
  i2i: z.string().min(1).default("i2i.itemcf").describe('Neighbour table to recommend from, e.g. "i2i.swing" ({ item, rank, neighbour, score })'),
  history: z.string().min(1).default("split.train").describe("Interactions whose latest items trigger recommendations and are excluded as seen"),
  exclude: z.array(z.string().min(1)).default([]).describe('More tables whose (user, item) pairs are never recommended, e.g. ["split.valid"] in the RecBole protocol'),
  triggers: z
    .number()
    .int()
    .min(0)
    .default(50)
    .describe("Trigger items per user: the user's most recent distinct items; 0 = all of them (50 with recency auto held best across leave-last, random splits and data without timestamps; see the README)"),
  recency: z
    .enum(["auto", "reciprocal", "sqrt", "uniform"])
    .default("auto")
    .describe(
      'Weight of the trigger at position p (0 = most recent): "reciprocal" = 1/(1+p) (MetaSpore\'s online weight), "sqrt" = 1/√(1+p), "uniform" = 1; ' +
        '"auto" = sqrt when the history has timestamps, uniform when it has none (all equal or no column)',
    ),
  normalize: z
    .enum(["max", "none"])
    .default("max")
    .describe('"max": each trigger\'s neighbour scores are divided by its best one, so every trigger votes on the same scale (Swing scores grow with popularity; on ML-100K this helps Swing and is neutral for ItemCF); "none": raw scores, as MetaSpore\'s online code sums them'),
  k: z.number().int().min(1).default(20).describe("Recommendations per user"),
  excludeSeen: z.boolean().default(true).describe("Leave out items the user already has in the history"),
  output: z.string().default("").describe('Recommendation table written; "" → recs.<algo> for i2i.<algo> (e.g. "recs.itemcf")'),
});

export type I2iRecsOptions = z.output<typeof i2iRecsOptions>;

/**
 * The output name: the option, else recs.<algo> derived from i2i.<algo>.
 * @example
 * recsName({ i2i: "i2i.swing" }); // "recs.swing"
 */
export function recsName(o: { i2i: string; output?: string }): string {
  if (o.output) return o.output;
  if (o.i2i.startsWith("i2i.") && o.i2i.length > 4) return `recs.${o.i2i.slice(4)}`;
  throw new UserError(`recall.i2i-recs: cannot derive an output name from i2i "${o.i2i}" (expected "i2i.<algo>"); set output, e.g. output: "recs.mine"`);
}

export const i2iRecsStage = defineStage({
  kind: "recall",
  description: "Top-k items per user from an i2i table: recency-weighted neighbours of the user's latest items, seen items excluded",
  options: i2iRecsOptions,
  inputs: (o) => [o.i2i, o.history, ...o.exclude],
  outputs: (o) => [recsName(o)],
  async run(ctx, o) {
    const neighbours = await ctx.table(o.i2i);
    const history = await ctx.table(o.history);
    // The history, then the excluded tables: all of them name users and items.
    const named: Array<[string, Table]> = [[o.history, history]];
    for (const name of o.exclude) named.push([name, await ctx.table(name)]);
    const users = denseIds(concatIds(named.map(([n, t]) => intIds(t, "user", n))));
    const items = denseIds(concatIds([intIds(neighbours, "item", o.i2i), intIds(neighbours, "neighbour", o.i2i), ...named.map(([n, t]) => intIds(t, "item", n))]));
    const nUsers = users.values.length;
    const { recency, note } = chooseRecency(o.recency, hasTimes(history), o.history);
    if (note) ctx.log(note);
    const recs = await recommendAll(
      ctx,
      userHistory(history, o.history, users, items),
      neighbourLists(neighbours, o.i2i, items),
      items.values.length,
      { ...o, recency },
      named.slice(1).map(([n, t]) => userHistory(t, n, users, items)),
    );
    const name = recsName(o);
    ctx.output(name, table({
      user: Int32Array.from(recs.user, (d) => users.values[d]!),
      rank: recs.rank,
      item: Int32Array.from(recs.item, (d) => items.values[d]!),
      score: recs.score,
    }));
    const served = new Set(recs.user).size;
    ctx.log(`${name}: ${recs.user.length} recommendations for ${served} of ${nUsers} users from ${o.i2i} (${o.triggers || "all"} triggers, ${recency} recency)`);
  },
});
