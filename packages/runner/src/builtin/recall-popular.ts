/** recall.popular: the popularity baseline every recall algorithm is compared with. */
import { z } from "zod";
import { table, type Table } from "../artifacts.ts";
import { intIds } from "../recsys/ids.ts";
import { defineStage } from "../plugin.ts";

const options = z.object({
  input: z.string().default("split.train").describe("Interactions whose item counts define popularity, and whose users get lists"),
  k: z.number().int().min(1).default(20).describe("List length per user"),
  excludeSeen: z.boolean().default(true).describe("Leave out items the user already has in the input"),
  users: z.string().default("").describe('Extra table whose users also get lists (e.g. "split.test" for users absent from training); "" → input users only'),
});

export const recallPopular = defineStage({
  kind: "recall",
  description: "Most popular training items per user (excluding seen ones): the baseline for recall metrics",
  options,
  inputs: (o) => [o.input, ...(o.users ? [o.users] : [])],
  outputs: ["recs.popular"],
  async run(ctx, o) {
    const train = await ctx.table(o.input);
    const extra = o.users ? await ctx.table(o.users) : undefined;
    ctx.output("recs.popular", popularRecs(train, o.input, o.k, o.excludeSeen, extra && intIds(extra, "user", o.users)));
  },
});

/**
 * Builds { user, rank, item, score } with score = the item's interaction count; equal counts are
 * ordered by ascending item id so the output is deterministic. Users come out in ascending id order.
 * @example popularRecs(table({ user: new Int32Array([1, 2]), item: new Int32Array([5, 5]) }), "t", 1, false)
 */
export function popularRecs(train: Table, name: string, k: number, excludeSeen: boolean, extraUsers?: Int32Array): Table {
  const user = intIds(train, "user", name);
  const item = intIds(train, "item", name);
  const counts = new Map<number, number>();
  for (const i of item) counts.set(i, (counts.get(i) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const byUser = new Map<number, Set<number>>();
  for (let r = 0; r < user.length; r++) {
    let s = byUser.get(user[r]!);
    if (!s) byUser.set(user[r]!, (s = new Set()));
    if (excludeSeen) s.add(item[r]!);
  }
  if (extraUsers) for (const u of extraUsers) if (!byUser.has(u)) byUser.set(u, new Set());
  const users = Int32Array.from(byUser.keys()).sort();
  const outUser: number[] = [];
  const outRank: number[] = [];
  const outItem: number[] = [];
  const outScore: number[] = [];
  for (const u of users) {
    const seen = byUser.get(u)!;
    let rank = 0;
    for (let j = 0; j < ranked.length && rank < k; j++) {
      const [it, c] = ranked[j]!;
      if (seen.has(it)) continue;
      outUser.push(u);
      outRank.push(rank++);
      outItem.push(it);
      outScore.push(c);
    }
  }
  return table({
    user: Int32Array.from(outUser),
    rank: Int32Array.from(outRank),
    item: Int32Array.from(outItem),
    score: Float32Array.from(outScore),
  });
}
