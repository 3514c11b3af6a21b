/**
 * SimpleX without the runner, for bench/twotower.ts: the same model, loss, sampler and trainer
 * recall.simplex runs, on interactions given as dense ids.
 *
 * ```ts
 * createSimplexForBench(
 *   data: { users: number; items: number; user: Int32Array; item: Int32Array; timestamp?: ArrayLike<number> },
 *   options?: Partial<SimplexBenchOptions>, // recall.simplex's defaults otherwise; engine: a TensorEngine (default createCpuEngine())
 * ): Promise<{ trainEpoch(epoch: number): Promise<{ loss: number; samples: number }>; dispose(): Promise<void> }>
 * ```
 * One trainEpoch is one pass over every (user, item) row with `negatives` uniform negatives per
 * row, `batchSize` rows per Adam step; it returns when the last step's loss has been read.
 */
import { createCpuEngine, type TensorEngine } from "@shortlist/core-gpu";
import { groupRows } from "@shortlist/runner/recsys";
import { table } from "@shortlist/runner";
import { splitMatrix } from "../train/interactions.ts";
import { buildHistories } from "./histories.ts";
import { SimplexModel } from "./model.ts";
import { simplexOptions } from "./options.ts";
import { SimplexTrainer } from "./trainer.ts";

export interface SimplexBenchOptions {
  dim: number;
  gamma: number;
  historyLen: number;
  dropout: number;
  margin: number;
  negativeWeight: number;
  negatives: number;
  regWeight: number;
  lr: number;
  batchSize: number;
  seed: number;
  engine: TensorEngine;
}

export interface SimplexBench {
  trainEpoch(epoch: number): Promise<{ loss: number; samples: number }>;
  dispose(): Promise<void>;
}

/**
 * @example
 * const sx = await createSimplexForBench({ users: 943, items: 1682, user, item }, { negatives: 100, batchSize: 512 });
 * const { loss, samples } = await sx.trainEpoch(1);
 * await sx.dispose();
 */
export async function createSimplexForBench(
  data: { users: number; items: number; user: Int32Array; item: Int32Array; timestamp?: ArrayLike<number> },
  options: Partial<SimplexBenchOptions> = {},
): Promise<SimplexBench> {
  const d = simplexOptions.parse({});
  const o = { ...d, seed: 42, ...options };
  const engine = options.engine ?? createCpuEngine();
  const time = data.timestamp ?? Int32Array.from({ length: data.user.length }, (_, r) => r);
  const byUser = groupRows(data.user, data.users);
  for (let u = 0; u < data.users; u++) byUser.rows.subarray(byUser.start[u]!, byUser.start[u + 1]!).sort((a, b) => time[a]! - time[b]! || a - b);
  // The ids are dense already: raw id = dense id.
  const ids = { users: Int32Array.from({ length: data.users }, (_, i) => i), items: Int32Array.from({ length: data.items }, (_, i) => i) };
  const seen = splitMatrix(table({ user: data.user, item: data.item }), "bench interactions", ids);
  const histories = buildHistories({ item: data.item, byUser }, o.historyLen);
  const model = new SimplexModel(engine, histories, {
    users: data.users, items: data.items, dim: o.dim, gamma: o.gamma, dropout: o.dropout, margin: o.margin, negativeWeight: o.negativeWeight, seed: o.seed,
  }, seen);
  const trainer = new SimplexTrainer(model, { user: data.user, item: data.item, seen, batchSize: o.batchSize, negatives: o.negatives, lr: o.lr, regWeight: o.regWeight, seed: o.seed, stage: "bench simplex" });
  return {
    trainEpoch: (epoch) => trainer.trainEpoch(epoch),
    async dispose() {
      trainer.optimiser.dispose();
      if (!options.engine) await engine.dispose();
    },
  };
}
