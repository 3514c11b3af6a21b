/** eval.recs: top-K metrics of any `recs.<algo>` table against the held-out split. */
import { z } from "zod";
import { column, type Table } from "../artifacts.ts";
import { UserError } from "../errors.ts";
import { intIds } from "../ids.ts";
import { defineStage } from "../plugin.ts";
import { evaluateTopK, TOP_K_METRICS } from "../metrics/index.ts";

const options = z.object({
  recs: z.string().min(1).describe('Recommendation table to evaluate, e.g. "recs.itemcf" ({ user, rank, item, score }, sorted by user then rank)'),
  truth: z.string().default("split.test").describe("Held-out interactions ({ user, item, rating? }); every row is a relevant item unless relevantAt is set"),
  k: z.array(z.number().int().min(1)).min(1).default([10, 20]).describe("Cut-offs K: each metric is recorded as <metric>@<K>"),
  metrics: z
    .array(z.enum(TOP_K_METRICS as [string, ...string[]]))
    .min(1)
    .default([...TOP_K_METRICS])
    .describe("Metrics to record: recall, precision, ndcg, hit, mrr, map (RecBole full-ranking definitions) and item coverage"),
  relevantAt: z.number().optional().describe("If set, only truth rows with rating ≥ this count as relevant (e.g. 4 on a 1–5 scale)"),
  usersWithoutTruth: z
    .enum(["skip", "zero"])
    .default("skip")
    .describe('Users with recommendations but no relevant held-out item: "skip" (RecBole) or averaged in as 0 ("zero", Spark RankingMetrics)'),
  catalogue: z
    .string()
    .default("split.train")
    .describe('Table whose distinct items are the catalogue for coverage; "" or absent → items in recs ∪ truth'),
});

export type EvalRecsOptions = z.output<typeof options>;

export const evalRecs = defineStage({
  kind: "eval",
  description: "Recall, precision, NDCG, hit rate, MRR, MAP and coverage at K of a recs table against held-out items",
  options,
  inputs: (o) => [o.recs, o.truth, ...(o.catalogue ? [`${o.catalogue}?`] : [])],
  outputs: [],
  async run(ctx, o) {
    const recs = await ctx.table(o.recs);
    const truth = await ctx.table(o.truth);
    const relevant = relevantRows(truth, o.truth, o.relevantAt);
    const catalogueSize = o.catalogue && ctx.has(o.catalogue) ? distinctItems(await ctx.table(o.catalogue), o.catalogue) : undefined;
    const maxRank = Math.max(...o.k);
    const rank = recs.columns.rank ? column<Int32Array>(recs, "rank", o.recs) : undefined;
    const result = evaluateTopK(
      { user: intIds(recs, "user", o.recs), item: intIds(recs, "item", o.recs), rank },
      relevant,
      { ks: o.k, metrics: o.metrics as never, usersWithoutTruth: o.usersWithoutTruth, catalogueSize },
    );
    if (result.users === 0) throw new UserError(`eval.recs: no user of ${o.truth} has a relevant item${o.relevantAt !== undefined ? ` (relevantAt ${o.relevantAt})` : ""}, so there is nothing to evaluate`);
    for (const [name, value] of Object.entries(result.values)) ctx.metrics.record(name, value);
    ctx.metrics.record("users", result.users);
    ctx.log(`evaluated ${o.recs} on ${result.users} users of ${o.truth} at K=${o.k.join(", ")} (lists longer than ${maxRank} are cut)`);
  },
});

function relevantRows(truth: Table, name: string, relevantAt: number | undefined): { user: Int32Array; item: Int32Array } {
  const user = intIds(truth, "user", name);
  const item = intIds(truth, "item", name);
  if (relevantAt === undefined) return { user, item };
  const rating = column(truth, "rating", name);
  if (Array.isArray(rating)) throw new UserError(`${name}.rating holds strings; relevantAt needs numbers`);
  const keep: number[] = [];
  for (let i = 0; i < rating.length; i++) if (rating[i]! >= relevantAt) keep.push(i);
  return { user: Int32Array.from(keep, (i) => user[i]!), item: Int32Array.from(keep, (i) => item[i]!) };
}

function distinctItems(t: Table, name: string): number {
  const seen = new Set<number>();
  for (const x of intIds(t, "item", name)) seen.add(x);
  return seen.size;
}
