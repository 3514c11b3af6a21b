import { expect, test } from "bun:test";
import { Rng } from "@shortlist/core-gpu/random";
import type { NeighbourLists } from "./neighbour-lists.ts";
import { recommend, type RecommendOptions } from "./recommend.ts";
import { recommendTask } from "./shard-task.ts";
import type { UserHistory } from "./user-history.ts";

/** Random histories of `users` users over `items` items, and neighbour lists of every item. */
function randomCase(seed: number, users: number, items: number): { history: UserHistory; seen: UserHistory; lists: NeighbourLists } {
  const rng = new Rng(seed);
  const hist = (max: number): UserHistory => {
    const start = new Int32Array(users + 1);
    const out: number[] = [];
    for (let u = 0; u < users; u++) {
      for (let n = rng.int(max); n > 0; n--) out.push(rng.int(items));
      start[u + 1] = out.length;
    }
    return { start, items: Int32Array.from(out) };
  };
  const start = new Int32Array(items + 1);
  const ids: number[] = [];
  const scores: number[] = [];
  for (let t = 0; t < items; t++) {
    for (let n = rng.int(8); n > 0; n--) ids.push(rng.int(items)), scores.push(rng.int(4) === 0 ? 0.5 : rng.float());
    start[t + 1] = ids.length;
  }
  return { history: hist(6), seen: hist(2), lists: { start, ids: Int32Array.from(ids), scores: Float32Array.from(scores) } };
}

test("the shard task's range, scored in slices with yields between, is recommend's rows for that range", async () => {
  const seed = Date.now() % 10_000;
  const users = 20_000; // more than one slice of 8,192 users
  const { history, seen, lists } = randomCase(seed, users, 300);
  const o: RecommendOptions = { triggers: 3, k: 5, recency: "sqrt", excludeSeen: true, normalize: "max" };
  const input = {
    meta: { nItems: 300, extra: 1, o } as never,
    arrays: { "history.start": history.start, "history.items": history.items, "lists.start": lists.start, "lists.ids": lists.ids, "lists.scores": lists.scores, "extra0.start": seen.start, "extra0.items": seen.items },
  };
  const env = { backend: () => Promise.reject(new Error("not used")), signal: new AbortController().signal, progress: () => {} };
  for (const [from, to] of [[0, users], [123, 17_001], [500, 500]] as const) {
    const got = await recommendTask.run(input, { index: 0, count: 1, from, to }, env);
    const want = recommend(history, lists, 300, o, [seen], { from, to });
    for (const col of ["user", "rank", "item", "score"] as const) expect(Array.from(got.arrays[col]!), `seed ${seed}, ${col} of [${from}, ${to})`).toEqual(Array.from(want[col]));
  }
});
