/**
 * Swing's shard task: the top-N of a range of items. The input frame holds the user×item matrix,
 * the sampled users of every item and the weights (all computed once, seeded, by the stage), so
 * each worker scores its items exactly as the single-process call does.
 */
import { swingTopN, type Csr, type SwingOptions, type TopK } from "@shortlist/core-gpu";
import { csrArrays, csrFrom, defineTask, topKFrame, topKFrom, type Frame, type StageContext } from "@shortlist/runner";

interface Meta {
  cols: number;
  users: number;
  topN: number;
  alpha: number;
}

type Problem = Omit<SwingOptions, "signal" | "onProgress" | "items">;

function encode(x: Csr, o: Problem): Frame {
  const meta: Meta = { cols: x.cols, users: x.rows, topN: o.topN, alpha: o.alpha };
  return {
    meta: meta as never,
    arrays: {
      ...csrArrays("x", x),
      ...(o.itemUsers ? csrArrays("itemUsers", o.itemUsers) : {}),
      ...(o.userWeights ? { userWeights: o.userWeights } : {}),
      ...(o.candidateWeights ? { candidateWeights: o.candidateWeights } : {}),
    },
  };
}

function decode(f: Frame): { x: Csr; o: Problem } {
  const m = f.meta as unknown as Meta;
  const o: Problem = { topN: m.topN, alpha: m.alpha, userWeights: f.arrays.userWeights as Float32Array | undefined, candidateWeights: f.arrays.candidateWeights as Float32Array | undefined };
  if (f.arrays["itemUsers.indptr"]) o.itemUsers = csrFrom(f, "itemUsers", m.users);
  return { x: csrFrom(f, "x", m.cols), o };
}

export const swingTask = defineTask({
  async run(input, r, env) {
    const { x, o } = decode(input);
    // reuse: every shard of one call gets the same input frame, so the copies, the transpose and the
    // user overlap matrix are built once per worker, not once per shard
    return topKFrame(await swingTopN(await env.backend(), x, { ...o, items: { from: r.from, to: r.to }, reuse: input, signal: env.signal, onProgress: (done) => env.progress(done) }));
  },
});

/**
 * The Swing top-N of every item: on the run's workers when it has them, else here.
 * @example const top = await swingNeighbours(ctx, x, { topN: 20, alpha: 1, userWeights, itemUsers })
 */
export async function swingNeighbours(ctx: StageContext, x: Csr, o: Problem): Promise<TopK> {
  if (ctx.cluster) return topKFrom(await ctx.cluster.map("swing", encode(x, o), x.cols, { unit: "items" }), x.cols);
  return swingTopN(await ctx.gpu(), x, { ...o, signal: ctx.signal, onProgress: (done, total) => ctx.progress(done, total, "items") });
}
