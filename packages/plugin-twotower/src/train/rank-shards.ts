/**
 * The batch top-K for every user as a shard task: the run's workers rank blocks of users (the same
 * 4,096-user blocks `rankAll` makes in one process, so every scoreTopK call sees the same shapes
 * and gives the same bytes), the parts concatenated in block order.
 */
import type { Backend, Csr, TopK } from "@shortlist/core-gpu";
import { csrArrays, csrFrom, defineTask, topKFrame, topKFrom, type Frame, type StageContext } from "@shortlist/runner";
import { csrRows, rankAll } from "./full-rank.ts";

/** Users per scoreTopK call, here and in one process alike. */
export const RANK_BLOCK_USERS = 4096;

interface Meta {
  dim: number;
  k: number;
  items: number;
}

export const rankTask = defineTask({
  async run(input, r, env) {
    const m = input.meta as unknown as Meta;
    const users = input.arrays.users as Float32Array;
    const nUsers = users.length / m.dim;
    const [from, to] = [r.from * RANK_BLOCK_USERS, Math.min(nUsers, r.to * RANK_BLOCK_USERS)];
    const exclude = csrFrom(input, "exclude", m.items);
    const top = await rankAll(await env.backend(), users.subarray(from * m.dim, to * m.dim), input.arrays.items as Float32Array, m.dim, csrRows(exclude, from, to), { k: m.k, blockUsers: RANK_BLOCK_USERS, signal: env.signal });
    return topKFrame(top);
  },
});

/**
 * Top `k` items of every user, excluding `exclude`'s: on the run's workers (by blocks of users)
 * when it has them, else with `backend` here.
 * @example const top = await rankEveryUser(ctx, backend, userVecs, itemVecs, 64, seen, 20)
 */
export async function rankEveryUser(ctx: StageContext, backend: Backend, users: Float32Array, items: Float32Array, dim: number, exclude: Csr, k: number): Promise<TopK> {
  const nUsers = users.length / dim;
  if (!ctx.cluster) return rankAll(backend, users, items, dim, exclude, { k, signal: ctx.signal, blockUsers: RANK_BLOCK_USERS });
  const meta: Meta = { dim, k, items: items.length / dim };
  const input: Frame = { meta: meta as never, arrays: { users, items, ...csrArrays("exclude", exclude) } };
  const blocks = Math.ceil(nUsers / RANK_BLOCK_USERS);
  return topKFrom(await ctx.cluster.map("rank", input, blocks, { unit: `blocks of ${RANK_BLOCK_USERS} users` }), nUsers);
}
