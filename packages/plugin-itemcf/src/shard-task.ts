/**
 * ItemCF's shard task: the co-occurrence top-N of a range of items. The input frame holds the
 * user×item matrix and the similarity's weights and statistics (computed once, by the stage), so
 * every worker scores its items exactly as the single-process call does.
 */
import type { CooccurrenceOptions, Csr, TopK } from "@shortlist/core-gpu";
import { csrArrays, csrFrom, defineTask, topKFrame, topKFrom, type Frame, type StageContext } from "@shortlist/runner";

interface Meta {
  cols: number;
  topN: number;
  minCount: number;
  transform: { kind: "none" | "cosine" | "jaccard" | "asymmetric"; shrink?: number; alpha?: number };
}

function encode(x: Csr, o: CooccurrenceOptions): Frame {
  const t = o.transform ?? { kind: "none" as const };
  const meta: Meta = { cols: x.cols, topN: o.topN, minCount: o.minCount ?? 1, transform: { kind: t.kind, ...(t.kind !== "none" ? { shrink: t.shrink ?? 0 } : {}), ...(t.kind === "asymmetric" ? { alpha: t.alpha } : {}) } };
  return {
    meta: meta as never,
    arrays: { ...csrArrays("x", x), ...(o.rowWeights ? { rowWeights: o.rowWeights } : {}), ...(t.kind !== "none" ? { rowStat: t.rowStat } : {}) },
  };
}

function decode(f: Frame): { x: Csr; o: CooccurrenceOptions } {
  const m = f.meta as unknown as Meta;
  const rowStat = f.arrays.rowStat as Float32Array;
  const t = m.transform;
  const transform: CooccurrenceOptions["transform"] =
    t.kind === "none" ? { kind: "none" } : t.kind === "asymmetric" ? { kind: "asymmetric", rowStat, alpha: t.alpha!, shrink: t.shrink } : { kind: t.kind, rowStat, shrink: t.shrink };
  return { x: csrFrom(f, "x", m.cols), o: { topN: m.topN, minCount: m.minCount, rowWeights: f.arrays.rowWeights as Float32Array | undefined, transform } };
}

export const cooccurrenceTask = defineTask({
  async run(input, r, env) {
    const { x, o } = decode(input);
    const backend = await env.backend();
    // reuse: the worker hands every shard of one call the same input frame, so the transpose and
    // statistics are built once per worker, not once per shard
    return topKFrame(await backend.cooccurrenceTopN(x, { ...o, items: { from: r.from, to: r.to }, reuse: input, signal: env.signal, onProgress: (done) => env.progress(done) }));
  },
});

/**
 * The top-N neighbours of every item: on the run's workers when it has them, else here.
 * @example const top = await cooccurrenceTopN(ctx, x, co)
 */
export async function cooccurrenceTopN(ctx: StageContext, x: Csr, co: CooccurrenceOptions): Promise<TopK> {
  if (ctx.cluster) return topKFrom(await ctx.cluster.map("cooccurrence", encode(x, co), x.cols, { unit: "items" }), x.cols);
  const backend = await ctx.gpu();
  return backend.cooccurrenceTopN(x, { ...co, signal: ctx.signal, onProgress: (done, total) => ctx.progress(done, total, "items") });
}
