/**
 * The two-tower model as the shared epoch loop drives it (EpochModel): a seeded shuffle of the
 * training positives per epoch, one Adam step per batch of the sampled softmax, validation by
 * full-catalogue recall / NDCG, checkpoints of both towers with Adam's moments.
 */
import type { Backend, Csr } from "@shortlist/core-gpu";
import { Adam, loadTraining, NonFiniteLossError, Rng, saveTraining, trainStep } from "@shortlist/core-gpu/nn";
import { UserError } from "@shortlist/runner";
import { join } from "node:path";
import type { EpochModel } from "@shortlist/runner";
import { rankAll, topKMetrics } from "../train/index.ts";
import { EpochRows, scheduledLr } from "./epoch-rows.ts";
import { columnLogQ, sampledSoftmax } from "./loss.ts";
import { negativeSampler, type NegativeSampler } from "./negatives.ts";
import type { TwotowerOptions } from "./options.ts";
import type { Tower } from "./tower.ts";

/** Positives as tower rows: pair p is (userRow[p], itemRow[p]). */
export interface Pairs {
  userRow: Int32Array;
  itemRow: Int32Array;
}

export interface Validation {
  backend: Backend;
  /** Training items of each user (excluded from ranking), users × catalogue. */
  seen: Csr;
  truth: Csr;
  /** Held-out items per user, counting items outside the catalogue (eval.recs's denominator). */
  truthCounts: Int32Array;
}

type Settings = Pick<TwotowerOptions, "batchSize" | "maxRowsPerUser" | "temperature" | "logQ" | "negatives" | "negativeSampler" | "lr" | "lrSchedule" | "epochs" | "weightDecay" | "clipNorm" | "metric" | "metricK">;

/**
 * @example
 * const model = new TwoTowerModel(userTower, itemTower, pairs, options, ctx.seed, validation, ctx.signal);
 * const log = await fit(ctx, model, { epochs: 2, patience: 0, metric: "recall@10", algo: "twotower" });
 */
export class TwoTowerModel implements EpochModel {
  readonly optimiser: Adam;
  /** Expected rows of each item per epoch (logQ and the popularity sampler). */
  private readonly counts: Float64Array;
  private readonly rows: EpochRows;
  private readonly sampler: NegativeSampler | undefined;
  private step = 0;

  constructor(
    readonly users: Tower,
    readonly items: Tower,
    private readonly pairs: Pairs,
    private readonly o: Settings,
    private readonly seed: number,
    private readonly validation?: Validation,
    private readonly signal?: AbortSignal,
  ) {
    this.optimiser = new Adam({ lr: o.lr, weightDecay: o.weightDecay });
    this.rows = new EpochRows(pairs.userRow, users.size, o.maxRowsPerUser);
    this.counts = new Float64Array(items.size);
    pairs.itemRow.forEach((i, r) => (this.counts[i]! += this.rows.weight(r)));
    this.sampler = o.negatives > 0 ? negativeSampler(o.negativeSampler, this.counts) : undefined;
  }

  /** Rows trained per epoch (fewer than the positives under maxRowsPerUser). */
  get epochSize(): number {
    return this.rows.size;
  }

  async trainEpoch(epoch: number): Promise<{ loss: number; samples: number }> {
    const rng = new Rng(this.seed, 0x7474, epoch);
    const order = this.rows.draw(rng);
    const n = order.length;
    const totalSteps = this.o.epochs * Math.ceil(n / this.o.batchSize);
    // The step count is the optimiser's, so a resumed run numbers its steps as the uninterrupted one.
    this.step = this.optimiser.stepCount;
    let [sum, batches] = [0, 0];
    for (let from = 0; from < n; from += this.o.batchSize) {
      if (this.signal?.aborted) throw this.signal.reason;
      const idx = order.subarray(from, Math.min(n, from + this.o.batchSize));
      const b = idx.length;
      if (b < 2) continue; // a lone row has no in-batch negative
      const userRows = Int32Array.from(idx, (p) => this.pairs.userRow[p]!);
      const negatives = this.sampler ? this.sampler.draw(rng, this.o.negatives) : new Int32Array(0);
      const columnItems = new Int32Array(b + negatives.length);
      idx.forEach((p, k) => (columnItems[k] = this.pairs.itemRow[p]!));
      columnItems.set(negatives, b);
      const logQ = this.o.logQ ? columnLogQ(columnItems, this.counts, n, b, negatives.length, this.sampler?.probability) : undefined;
      const step = ++this.step;
      this.optimiser.lr = scheduledLr(this.o.lrSchedule, this.o.lr, step, totalSteps);
      const dropoutSeed = rng.u32();
      try {
        sum += await trainStep(this.optimiser, () => sampledSoftmax(
          this.users.forward(userRows, { seed: dropoutSeed }),
          this.items.forward(columnItems, { seed: dropoutSeed ^ 0x5bd1e995 }),
          { temperature: this.o.temperature, columnItems, logQ },
        ), { step, name: "the sampled-softmax loss", clipNorm: this.o.clipNorm });
      } catch (e) {
        if (!(e instanceof NonFiniteLossError)) throw e;
        throw new UserError(`recall.twotower: training step ${step} (epoch ${epoch}): the sampled-softmax loss is ${e.value} at learning rate ${this.optimiser.lr}; lower lr, set clipNorm, or raise temperature`, { cause: e });
      }
      batches++;
    }
    return { loss: batches > 0 ? sum / batches : NaN, samples: n };
  }

  async validate(): Promise<number> {
    const v = this.validation;
    if (!v) return NaN;
    const k = this.o.metricK;
    const top = await rankAll(v.backend, await this.users.encodeAll(), await this.items.encodeAll(), this.users.dim, v.seen, { k, signal: this.signal });
    const m = topKMetrics(top, v.truth, k, v.truthCounts);
    return this.o.metric === "recall" ? m.recall : m.ndcg;
  }

  save(dir: string): Promise<void> {
    return saveTraining(join(dir, "model.safetensors"), { user: this.users, item: this.items }, this.optimiser);
  }

  async load(dir: string): Promise<void> {
    await loadTraining(join(dir, "model.safetensors"), { user: this.users, item: this.items }, this.optimiser);
  }
}
