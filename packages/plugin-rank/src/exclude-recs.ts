/** rank.exclude: one recall list → the same list without the pairs of held-out tables, cut to k. */
import { defineStage, table, UserError, type Table } from "@shortlist/runner";
import { intIds } from "@shortlist/runner/recsys";
import { z } from "zod";
import { sourceList } from "./source-list.ts";

export const excludeOptions = z.object({
  recs: z.string().min(1).describe('Recall list to filter ({ user, rank?, item, score }), e.g. "recs.simplex-all": a learned model trained once, recommending validation items too'),
  exclude: z.array(z.string().min(1)).min(1).describe('Tables whose (user, item) pairs are dropped, e.g. ["split.valid"] (RecBole: the test lists leave validation items out)'),
  k: z.number().int().min(1).default(100).describe("Items kept per user after the exclusion (the list needs k + the user's excluded items to come out full)"),
  output: z.string().min(1).describe('Name of the filtered list, e.g. "recs.simplex"'),
});

/**
 * Drops every (user, item) of `exclude` from `recs` and keeps each user's first `k` remaining
 * items, ranks renumbered from 1. What `exclude: [split.valid]` on the recall stage would give,
 * without training a learned model twice (one run for the ranker's validation period, one for the
 * test): with the same model the remaining items keep their order, so the result equals that list
 * wherever the input was long enough (the stage logs users whose list came out short).
 * @example
 * // stages: [{ use: rank.exclude, with: { recs: recs.simplex-all, exclude: [split.valid], k: 100, output: recs.simplex } }]
 */
export const excludeStage = defineStage({
  kind: "rank",
  description: "Drops the pairs of held-out tables (split.valid) from a recall list and cuts it to k per user",
  options: excludeOptions,
  inputs: (o) => [o.recs, ...o.exclude],
  outputs: (o) => [o.output],
  async run(ctx, o) {
    if (o.exclude.includes(o.recs)) throw new UserError(`rank.exclude.exclude: names ${o.recs}, the list itself; name held-out tables, e.g. [split.valid]`);
    const list = sourceList(await ctx.table(o.recs), o.recs, Infinity);
    const drop = new Map<number, Set<number>>();
    for (const name of o.exclude) {
      const t = await ctx.table(name);
      const user = intIds(t, "user", name);
      const item = intIds(t, "item", name);
      for (let r = 0; r < user.length; r++) {
        let s = drop.get(user[r]!);
        if (!s) drop.set(user[r]!, (s = new Set()));
        s.add(item[r]!);
      }
    }
    const out = excludePairs(list, drop, o.k);
    if (out.short > 0) ctx.log(`warning: ${out.short} users have fewer than ${o.k} items left in ${o.output}: ${o.recs} was too short for the exclusion; raise its k`);
    ctx.metrics.record("dropped", out.dropped);
    ctx.metrics.record("short_users", out.short);
    ctx.output(o.output, out.table);
  },
});

/**
 * The filtering itself on a list already sorted by user then rank (as sourceList returns).
 * @example excludePairs(list, new Map([[1, new Set([5])]]), 10).table // user 1 without item 5
 */
export function excludePairs(list: ReturnType<typeof sourceList>, drop: Map<number, Set<number>>, k: number): { table: Table; dropped: number; short: number } {
  const keep: number[] = [];
  const ranks: number[] = [];
  let dropped = 0;
  let short = 0;
  for (let from = 0; from < list.user.length; ) {
    let to = from;
    while (to < list.user.length && list.user[to] === list.user[from]) to++;
    const held = drop.get(list.user[from]!);
    let r = 0;
    for (let p = from; p < to && r < k; p++) {
      if (held?.has(list.item[p]!)) {
        dropped++;
        continue;
      }
      keep.push(p);
      ranks.push(++r);
    }
    if (r < k) short++;
    from = to;
  }
  return {
    table: table({
      user: Int32Array.from(keep, (p) => list.user[p]!),
      rank: Int32Array.from(ranks),
      item: Int32Array.from(keep, (p) => list.item[p]!),
      score: Float32Array.from(keep, (p) => list.score[p]!),
    }),
    dropped,
    short,
  };
}
