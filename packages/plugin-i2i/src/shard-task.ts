/**
 * recall.i2i-recs' shard task: the recommendations of a range of users. The input frame holds
 * every user's history, the excluded tables and the neighbour lists (dense ids, built once by the
 * stage); a user's list depends on nothing else, so the parts concatenated in range order are the
 * single-process table's rows.
 */
import { concatFrames, defineTask, type Frame, type StageContext } from "@shortlist/runner";
import type { NeighbourLists } from "./neighbour-lists.ts";
import { recommend, type DenseRecs, type RecommendOptions } from "./recommend.ts";
import type { UserHistory } from "./user-history.ts";

interface Meta {
  nItems: number;
  extra: number;
  o: RecommendOptions;
}

function encode(history: UserHistory, lists: NeighbourLists, nItems: number, o: RecommendOptions, extra: UserHistory[]): Frame {
  const arrays: Frame["arrays"] = { "history.start": history.start, "history.items": history.items, "lists.start": lists.start, "lists.ids": lists.ids, "lists.scores": lists.scores };
  for (const [i, e] of extra.entries()) Object.assign(arrays, { [`extra${i}.start`]: e.start, [`extra${i}.items`]: e.items });
  const meta: Meta = { nItems, extra: extra.length, o: { triggers: o.triggers, k: o.k, recency: o.recency, excludeSeen: o.excludeSeen, normalize: o.normalize } };
  return { meta: meta as never, arrays };
}

const history = (f: Frame, name: string): UserHistory => ({ start: f.arrays[`${name}.start`] as Int32Array, items: f.arrays[`${name}.items`] as Int32Array });

/** Users scored between two yields to the event loop (a worker renews its job's lock on a timer). */
const USERS_PER_SLICE = 8192;

export const recommendTask = defineTask({
  async run(input, r, env) {
    const m = input.meta as unknown as Meta;
    const lists: NeighbourLists = { start: input.arrays["lists.start"] as Int32Array, ids: input.arrays["lists.ids"] as Int32Array, scores: input.arrays["lists.scores"] as Float32Array };
    const extra = Array.from({ length: m.extra }, (_, i) => history(input, `extra${i}`));
    const parts: Frame[] = [];
    for (let from = r.from; from < r.to || parts.length === 0; from += USERS_PER_SLICE) {
      const to = Math.min(r.to, from + USERS_PER_SLICE);
      const recs = recommend(history(input, "history"), lists, m.nItems, m.o, extra, { from, to });
      parts.push({ meta: null, arrays: { user: recs.user, rank: recs.rank, item: recs.item, score: recs.score } });
      env.progress(to - r.from);
      env.signal.throwIfAborted();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return concatFrames(parts); // each user's list depends on nothing else: slices joined = the range
  },
});

/**
 * Every user's recommendations: by user ranges on the run's workers when it has them, else here.
 * @example const recs = await recommendAll(ctx, history, lists, nItems, o, extra)
 */
export async function recommendAll(ctx: StageContext, h: UserHistory, lists: NeighbourLists, nItems: number, o: RecommendOptions, extra: UserHistory[]): Promise<DenseRecs> {
  if (!ctx.cluster) return recommend(h, lists, nItems, o, extra);
  const f = await ctx.cluster.map("recommend", encode(h, lists, nItems, o, extra), h.start.length - 1, { unit: "users" });
  return { user: f.arrays.user as Int32Array, rank: f.arrays.rank as Int32Array, item: f.arrays.item as Int32Array, score: f.arrays.score as Float32Array };
}
