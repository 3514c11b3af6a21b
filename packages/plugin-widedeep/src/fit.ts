/**
 * Wide & Deep as an EpochModel for the runner's shared epoch loop (`fit` from @shortlist/runner):
 * an epoch is a seeded shuffle (from (seed, epoch) alone) and mini-batch steps, validation is AUC,
 * a checkpoint is the two optimisers' safetensors files (checkpoint.ts). The loop resumes a killed
 * training after its last finished epoch, stops after `patience` epochs without a better AUC and
 * restores the best epoch; this returns its training.<algo> log.
 */
import { join } from "node:path";
import { fit, type EpochModel, type FitContext, type TrainingLog } from "@shortlist/runner";
import { auc } from "@shortlist/runner/metrics";
import { hash32, keyOf, Rng } from "@shortlist/core-gpu/random";
import { loadModel, saveModel } from "./checkpoint.ts";
import type { Encoded } from "./encode.ts";
import type { WideDeep } from "./model.ts";
import { predict, trainBatch, type Optimisers } from "./step.ts";

export type { TrainingLog } from "@shortlist/runner";

export interface TrainOptions { epochs: number; patience: number; batchSize: number; seed: number; algo: string }

/** `x` with its rows in the order `perm` (a shuffled epoch). @example permute(train, shuffle(train.n, 42, 1)) */
export function permute(x: Encoded, perm: Int32Array): Encoded {
  const rowsOf = <T extends Int32Array | Float32Array>(a: T, w: number): T => {
    const out = new (a.constructor as new (n: number) => T)(a.length);
    for (let i = 0; i < perm.length; i++) out.set(a.subarray(perm[i]! * w, perm[i]! * w + w), i * w);
    return out;
  };
  const w = (a: { length: number }) => (x.n === 0 ? 0 : a.length / x.n);
  return { n: x.n, wide: rowsOf(x.wide, w(x.wide)), deep: rowsOf(x.deep, w(x.deep)), seq: rowsOf(x.seq, w(x.seq)), dense: rowsOf(x.dense, w(x.dense)), label: rowsOf(x.label, 1) };
}

/** Fisher–Yates from (seed, epoch) alone, so a resumed run shuffles as the uninterrupted one. @example shuffle(1000, 42, 3) */
export function shuffle(n: number, seed: number, epoch: number): Int32Array {
  const rng = new Rng(seed, keyOf("widedeep-epoch"), epoch);
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

/** One epoch = one shuffled pass of mini-batch steps; validation AUC on `valid` (NaN without rows or with one class). */
class WideDeepEpochs implements EpochModel {
  constructor(readonly model: WideDeep, readonly opt: Optimisers, readonly train: Encoded, readonly valid: Encoded, readonly o: TrainOptions, readonly signal: AbortSignal) {}

  async trainEpoch(epoch: number): Promise<{ loss: number; samples: number; seconds: number }> {
    const { model, opt, o } = this;
    const x = permute(this.train, shuffle(this.train.n, o.seed, epoch));
    const t1 = performance.now(); // throughput counts the steps alone (the shuffle's copy is not training)
    let sum = 0;
    for (let s = 0; s < x.n; s += o.batchSize) {
      if (this.signal.aborted) throw this.signal.reason;
      const e = Math.min(x.n, s + o.batchSize);
      const step = opt.deep.stepCount + 1;
      sum += (await trainBatch(model, opt, x, s, e, step, hash32(o.seed, keyOf("dropout"), step))) * (e - s);
    }
    return { loss: sum / Math.max(1, x.n), samples: x.n, seconds: (performance.now() - t1) / 1000 };
  }

  async validate(): Promise<number> {
    return this.valid.n > 0 ? auc(this.valid.label, await predict(this.model, this.valid)) : NaN;
  }

  save(dir: string): Promise<void> {
    return saveModel(join(dir, "model"), this.model, this.opt);
  }

  load(dir: string): Promise<void> {
    return loadModel(join(dir, "model"), this.model, this.opt);
  }
}

/**
 * Trains `model` on `train`, validating on `valid` (no rows or one class only: no early stopping).
 * @example
 * const log = await trainWideDeep(ctx, model, opts, train, valid, { epochs: 10, patience: 2, batchSize: 1024, seed: 42, algo: "widedeep" });
 */
export function trainWideDeep(ctx: FitContext, model: WideDeep, opt: Optimisers, train: Encoded, valid: Encoded, o: TrainOptions): Promise<TrainingLog> {
  return fit(ctx, new WideDeepEpochs(model, opt, train, valid, o, ctx.signal), { epochs: o.epochs, patience: o.patience, metric: "auc", algo: o.algo });
}
