/** eval.recs: top-K metrics of any `recs.<algo>` table against the held-out split. */
import { z } from "zod";
import { column, json, type Table } from "../artifacts.ts";
import { UserError } from "../errors.ts";
import { intIds } from "../recsys/ids.ts";
import { defineStage } from "../plugin.ts";
import { oneOrMany } from "../one-or-many.ts";
import { evaluateTopK, popularityReference, TOP_K_METRICS } from "../metrics/index.ts";

const options = z.object({
  recs: z.string().min(1).describe('Recommendation table to evaluate, e.g. "recs.itemcf" ({ user, rank, item, score }, sorted by user then rank)'),
  truth: z.string().default("split.test").describe("Held-out interactions ({ user, item, rating? }); every row is a relevant item unless relevantAt is set"),
  k: oneOrMany(z.array(z.number().int().min(1)).min(1).default([10, 20])).describe("Cut-offs K, a list or one number (k: 10 is k: [10]): each metric is recorded as <metric>@<K>"),
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
    .describe('Table whose distinct items are the catalogue for coverage, and whose item counts are the popularity for avgpop/gini/longtail; "" or absent → items in recs ∪ truth, no popularity metrics'),
  curve: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(100)
    .describe("Also compute each metric at every K = 1…curve (cut at the longest list) in the same pass, written as the json artifact curve.<recs> that the report draws; 0 → none"),
  popularityBias: z
    .boolean()
    .default(true)
    .describe("With a catalogue table: also record avgpop@K (mean training count of recommended items), gini@K (of recommendation counts) and longtail@K (share of slots outside the top 20 % of items by training count)"),
});

/** The json artifact an eval.recs stage writes its metric@K curve to. @example curveArtifact("recs.itemcf") // "curve.recs.itemcf" */
export const curveArtifact = (recs: string): string => `curve.${recs}`;

/** What curve.<recs> holds. */
export interface CurveArtifact {
  recs: string;
  users: number;
  /** K = 1…n. */
  k: number[];
  /** metric → value at each K. */
  values: Record<string, number[]>;
}

export type EvalRecsOptions = z.output<typeof options>;

export const evalRecs = defineStage({
  kind: "eval",
  description: "Recall, precision, NDCG, hit rate, MRR, MAP and coverage at K of a recs table against held-out items",
  options,
  inputs: (o) => [o.recs, o.truth, ...(o.catalogue ? [`${o.catalogue}?`] : [])],
  outputs: (o) => (o.curve > 0 ? [curveArtifact(o.recs)] : []),
  async run(ctx, o) {
    const recs = await ctx.table(o.recs);
    const truth = await ctx.table(o.truth);
    const relevant = relevantRows(truth, o.truth, o.relevantAt);
    const catalogueItems = o.catalogue && ctx.has(o.catalogue) ? intIds(await ctx.table(o.catalogue), "item", o.catalogue) : undefined;
    const catalogueSize = catalogueItems ? new Set(catalogueItems).size : undefined;
    const maxRank = Math.max(...o.k);
    const rank = recs.columns.rank ? column<Int32Array>(recs, "rank", o.recs) : undefined;
    const user = intIds(recs, "user", o.recs);
    // Past the longest list every curve is flat (precision only falls), so the curve stops there.
    const curveTo = Math.min(o.curve, longestList(user));
    const result = evaluateTopK(
      { user, item: intIds(recs, "item", o.recs), rank },
      relevant,
      { ks: o.k, metrics: o.metrics as never, usersWithoutTruth: o.usersWithoutTruth, catalogueSize, curveTo, popularity: o.popularityBias && catalogueItems ? popularityReference(catalogueItems) : undefined },
    );
    if (result.users === 0) throw new UserError(`eval.recs: no user of ${o.truth} has a relevant item${o.relevantAt !== undefined ? ` (relevantAt ${o.relevantAt})` : ""}, so there is nothing to evaluate`);
    for (const [name, value] of Object.entries(result.values)) ctx.metrics.record(name, value);
    ctx.metrics.record("users", result.users);
    if (o.curve > 0) {
      const curve: CurveArtifact = { recs: o.recs, users: result.users, k: result.curve?.k ?? [], values: result.curve?.values ?? {} };
      ctx.output(curveArtifact(o.recs), json(curve));
      if (curveTo < o.curve) ctx.log(`metric@K curve cut at K=${curveTo}: the longest list in ${o.recs} has ${curveTo} items`);
    }
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

/** Length of the longest per-user list (rows per user). */
function longestList(user: Int32Array): number {
  const n = new Map<number, number>();
  let max = 0;
  for (const u of user) {
    const c = (n.get(u) ?? 0) + 1;
    n.set(u, c);
    if (c > max) max = c;
  }
  return max;
}
