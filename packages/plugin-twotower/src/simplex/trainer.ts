/**
 * SimpleX as an EpochModel for the runner's shared epoch loop (`fit` from @shortlist/runner): one epoch is a pass over the
 * training rows in an order shuffled by (seed, epoch), each row a positive with N uniform
 * negatives drawn from (seed, epoch), and dropout seeded by the global step, so an epoch depends
 * on the parameters it starts from and (seed, epoch) alone: a resumed run trains what an
 * uninterrupted one would. Validation ranks the full catalogue by cosine with the backend's fused
 * score + top-K kernel, training items excluded.
 */
import type { Backend, Csr, TensorEngine } from "@shortlist/core-gpu";
import * as nn from "@shortlist/core-gpu/nn";
import { hash32, keyOf, Rng } from "@shortlist/core-gpu/random";
import { UserError } from "@shortlist/runner";
import { join } from "node:path";
import type { EpochModel } from "@shortlist/runner";
import { rankAll, topKMetrics, unitRows } from "../train/full-rank.ts";
import { SimplexModel } from "./model.ts";
import { sampleNegatives } from "./negatives.ts";

export interface SimplexTraining {
  /** Dense user and item of every training row. */
  user: Int32Array;
  item: Int32Array;
  /** Training items of every user (negatives avoid them; ranking excludes them). */
  seen: Csr;
  batchSize: number;
  negatives: number;
  lr: number;
  regWeight: number;
  seed: number;
  /** Names the stage in errors. */
  stage: string;
  signal?: AbortSignal;
}

export interface SimplexValidation {
  backend: Backend;
  truth: Csr;
  /** Relevant items per user, counting those training never saw (recall's denominator). */
  counts: Int32Array;
  metric: "ndcg" | "recall";
  k: number;
}

/**
 * The trainer behind recall.simplex (and the bench).
 * @example
 * const t = new SimplexTrainer(model, training, validation);
 * const log = await fit(ctx, t, { epochs: 30, patience: 5, metric: "ndcg@10", algo: "simplex" });
 */
export class SimplexTrainer implements EpochModel {
  readonly optimiser: nn.Adam;
  private readonly negs: Int32Array;

  constructor(readonly model: SimplexModel, readonly t: SimplexTraining, readonly v?: SimplexValidation) {
    // Plain Adam: RecBole's reg_weight is a term of the loss (model.loss, reg.ts), not weight decay.
    this.optimiser = new nn.Adam({ lr: t.lr });
    this.negs = new Int32Array(t.batchSize * t.negatives);
  }

  get engine(): TensorEngine {
    return this.model.engine;
  }

  async trainEpoch(epoch: number): Promise<{ loss: number; samples: number }> {
    const { t } = this;
    const n = t.user.length;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const shuffle = new Rng(t.seed, keyOf("simplex shuffle"), epoch);
    for (let i = n - 1; i > 0; i--) {
      const j = shuffle.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const negRng = new Rng(t.seed, keyOf("simplex negatives"), epoch);
    const stepsPerEpoch = Math.ceil(n / t.batchSize);
    let total = 0;
    for (let s = 0; s < stepsPerEpoch; s++) {
      if (t.signal?.aborted) throw t.signal.reason;
      const rows = order.subarray(s * t.batchSize, Math.min(n, (s + 1) * t.batchSize));
      const users = new Int32Array(rows.length);
      const pos = new Int32Array(rows.length);
      for (let i = 0; i < rows.length; i++) [users[i], pos[i]] = [t.user[rows[i]!]!, t.item[rows[i]!]!];
      const negs = t.negatives === 0 ? this.negs : sampleNegatives(negRng, t.seen, users, t.negatives, this.negs.subarray(0, rows.length * t.negatives));
      const step = (epoch - 1) * stepsPerEpoch + s + 1;
      total += rows.length * (await this.step({ users, pos, negs }, step, epoch));
    }
    return { loss: total / n, samples: n };
  }

  /** One optimiser step; a non-finite loss becomes a UserError naming the step and the learning rate. */
  private async step(batch: { users: Int32Array; pos: Int32Array; negs: Int32Array }, step: number, epoch: number): Promise<number> {
    try {
      return await nn.trainStep(this.optimiser, () => this.model.loss(batch, hash32(this.t.seed, keyOf("simplex dropout"), step), this.t.regWeight), { step, name: "SimpleX cosine contrastive loss" });
    } catch (e) {
      if (!(e instanceof nn.NonFiniteLossError)) throw e;
      throw new UserError(`${this.t.stage}: training diverged at step ${step} (epoch ${epoch}): the cosine contrastive loss is ${e.value} at learning rate lr ${this.t.lr}; lower lr (e.g. ${this.t.lr / 10}) or negativeWeight`);
    }
  }

  async validate(): Promise<number> {
    if (!this.v) return NaN;
    const { users, items } = await this.model.vectors();
    const dim = this.model.c.dim;
    const top = await rankAll(this.v.backend, unitRows(users, dim), unitRows(items, dim), dim, this.t.seen, { k: this.v.k, signal: this.t.signal });
    const m = topKMetrics(top, this.v.truth, this.v.k, this.v.counts);
    return m.users === 0 ? NaN : m[this.v.metric];
  }

  save(dir: string): Promise<void> {
    return nn.saveTraining(join(dir, "model.safetensors"), { simplex: this.model }, this.optimiser);
  }

  async load(dir: string): Promise<void> {
    await nn.loadTraining(join(dir, "model.safetensors"), { simplex: this.model }, this.optimiser);
  }
}
