/** recall.simplex: SimpleX embeddings trained with the shared epoch loop → recs, embeddings, training curve. */
import { createEngine, type Backend, type Csr, type TensorEngine } from "@shortlist/core-gpu";
import { defineStage, json, UserError, type StageContext } from "@shortlist/runner";
import { fit } from "@shortlist/runner";
import { unitRows } from "../train/full-rank.ts";
import { rankEveryUser } from "../train/rank-shards.ts";
import { readInteractions, relevantCounts, splitMatrix, unionCsr, type Interactions } from "../train/interactions.ts";
import { embeddingTable, recsTable } from "../train/tables.ts";
import { buildHistories } from "./histories.ts";
import { SimplexModel } from "./model.ts";
import { simplexOptions, type SimplexOptions } from "./options.ts";
import { SimplexTrainer, type SimplexValidation } from "./trainer.ts";

const STAGE = "recall.simplex";

export const simplexStage = defineStage({
  kind: "recall",
  description: "SimpleX (cosine contrastive loss, history-fused users) → recs.simplex, emb.simplex.user/item, training.simplex",
  options: simplexOptions,
  inputs: (o) => [o.input, ...(o.valid ? [o.valid] : []), ...o.exclude],
  outputs: (o) => [`recs.${o.algo}`, `emb.${o.algo}.user`, `emb.${o.algo}.item`, `training.${o.algo}`],
  async run(ctx, o) {
    const rows = await ctx.table(o.input);
    const ix = named(() => readInteractions(rows, o.input, STAGE));
    // Every input is checked before training, so a bad exclude split fails at once, not after the epochs.
    const extra = await Promise.all(o.exclude.map(async (name) => {
      const t = await ctx.table(name);
      return named(() => splitMatrix(t, name, ix));
    }));
    const backend = await ctx.gpu();
    // SHORTLIST_THREADS (which `shortlist tune` sets per trial) caps the CPU engine's BLAS threads too.
    const engine = await createEngine(o.engine, { cpu: { threads: Number(process.env.SHORTLIST_THREADS) || undefined } });
    try {
      await train(ctx, o, ix, extra, engine, backend);
    } finally {
      await engine.dispose();
    }
  },
});

/** Trains, then writes every output (only persisted once run() returns). */
async function train(ctx: StageContext, o: SimplexOptions, ix: Interactions, extra: Csr[], engine: TensorEngine, backend: Backend): Promise<void> {
  const histories = buildHistories(ix, o.historyLen);
  const model = new SimplexModel(engine, histories, {
    users: ix.users.length, items: ix.items.length, dim: o.dim, gamma: o.gamma, dropout: o.dropout,
    margin: o.margin, negativeWeight: o.negativeWeight, seed: ctx.seed,
  }, ix.seen);
  const validation = o.valid ? await validationOf(ctx, o, ix, backend) : undefined;
  const negatives = negativesFor(o, ix.items.length, ctx.log);
  const trainer = new SimplexTrainer(model, {
    user: ix.user, item: ix.item, seen: ix.seen, batchSize: o.batchSize, negatives, lr: o.lr,
    regWeight: o.regWeight, seed: ctx.seed, stage: STAGE, signal: ctx.signal,
  }, validation);
  ctx.log(`${ix.user.length} training rows, ${ix.users.length} users, ${ix.items.length} items; ${negatives === 0 ? "every unseen item a negative" : `${negatives} negatives per positive`}, ${engine.kind} engine`);
  const log = await fit(ctx, trainer, { epochs: o.epochs, patience: o.patience, metric: `${o.metric}@${o.validK}`, algo: o.algo });

  const { users, items } = await model.vectors();
  const exclude = unionCsr([ix.seen, ...extra]);
  const top = await rankEveryUser(ctx, backend, unitRows(users, o.dim), unitRows(items, o.dim), o.dim, exclude, o.k);
  ctx.output(`recs.${o.algo}`, recsTable(top, ix.users, ix.items));
  ctx.output(`emb.${o.algo}.user`, embeddingTable("user", ix.users, users, o.dim));
  ctx.output(`emb.${o.algo}.item`, embeddingTable("item", ix.items, items, o.dim));
  ctx.output(`training.${o.algo}`, json(log));
}

/** Scores per step (batch × catalogue) above which `negatives: 0` samples instead: 32 Mi floats, 128 MiB a tensor. */
export const ALL_ITEMS_LIMIT = 2 ** 25;

/** The negatives per positive to train with: `negatives: 0` (every unseen item) falls back to sampling 100 on large catalogues. */
export function negativesFor(o: Pick<SimplexOptions, "negatives" | "batchSize">, items: number, log: (m: string) => void): number {
  if (o.negatives !== 0 || o.batchSize * items <= ALL_ITEMS_LIMIT) return o.negatives;
  log(`negatives: 0 would score ${o.batchSize} × ${items} pairs per step; sampling 100 negatives per positive instead (set negatives to choose)`);
  return 100;
}

/** The validation truth over training ids, or none when the split is empty. */
async function validationOf(ctx: StageContext, o: SimplexOptions, ix: Interactions, backend: Backend): Promise<SimplexValidation | undefined> {
  const valid = await ctx.table(o.valid);
  if (valid.length === 0) {
    ctx.log(`${o.valid} is empty: training ${o.epochs} epochs without validation`);
    return undefined;
  }
  const truth = named(() => splitMatrix(valid, o.valid, ix));
  return { backend, truth, counts: named(() => relevantCounts(valid, o.valid, ix)), metric: o.metric, k: o.validK };
}

/** Runs `f`, putting the stage's name in front of a UserError that lacks it. */
function named<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UserError && !e.message.startsWith(STAGE)) throw new UserError(`${STAGE}: ${e.message}`);
    throw e;
  }
}
