/**
 * The epoch loop: a seeded shuffle per epoch, mini-batch steps, validation AUC, a checkpoint per
 * epoch in the work folder (a killed training resumes after its last finished epoch and ends as
 * the uninterrupted one would), early stopping after `patience` epochs without a better AUC, and
 * the best epoch's parameters restored at the end. Returns the training.<algo> log.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "@shortlist/runner";
import { auc } from "@shortlist/runner/metrics";
import { hash32, keyOf, Rng } from "@shortlist/core-gpu/random";
import { hasModel, loadModel, removeModel, saveModel } from "./checkpoint.ts";
import type { Encoded } from "./encode.ts";
import type { WideDeep } from "./model.ts";
import { predict, trainBatch, type Optimisers } from "./step.ts";

export interface EpochRecord { epoch: number; loss: number; valid: number | null; seconds: number; samplesPerSecond: number }
export interface TrainingLog { algo: string; metric: string; bestEpoch: number; epochs: EpochRecord[] }

export interface FitOptions { epochs: number; patience: number; batchSize: number; seed: number; algo: string }
export interface FitHooks {
  workDir: string;
  log(message: string): void;
  progress(done: number, total: number, note: string): void;
  signal?: AbortSignal;
}

const STATE = "fit-state.json";
const base = (dir: string, epoch: number) => join(dir, `epoch-${epoch}`);

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

/**
 * Trains `model` on `train`, validating on `valid` (no rows or one class only: no early stopping).
 * @example
 * const log = await fit(model, opts, train, valid, { epochs: 10, patience: 2, batchSize: 1024, seed: 42, algo: "widedeep" }, hooks);
 */
export async function fit(model: WideDeep, opt: Optimisers, train: Encoded, valid: Encoded, o: FitOptions, h: FitHooks): Promise<TrainingLog> {
  const statePath = join(h.workDir, STATE);
  let log: TrainingLog = { algo: o.algo, metric: "auc", bestEpoch: 0, epochs: [] };
  if (existsSync(statePath)) {
    const saved = JSON.parse(readFileSync(statePath, "utf8")) as TrainingLog;
    if (saved.epochs.length > 0 && hasModel(base(h.workDir, saved.epochs.length))) {
      log = saved;
      await loadModel(base(h.workDir, log.epochs.length), model, opt);
      h.log(`resuming after epoch ${log.epochs.length} (checkpoint in ${h.workDir})`);
    }
  }
  const bestOf = () => (log.bestEpoch > 0 ? log.epochs[log.bestEpoch - 1]!.valid! : -Infinity);
  const stale = () => log.epochs.length - Math.max(log.bestEpoch, 0);
  for (let epoch = log.epochs.length + 1; epoch <= o.epochs; epoch++) {
    if (o.patience > 0 && log.bestEpoch > 0 && stale() >= o.patience) break;
    const t0 = performance.now();
    const x = permute(train, shuffle(train.n, o.seed, epoch));
    const t1 = performance.now(); // throughput counts the steps alone (the shuffle's copy is not training)
    let sum = 0;
    for (let s = 0, b = 0; s < x.n; s += o.batchSize, b++) {
      if (h.signal?.aborted) throw h.signal.reason;
      const e = Math.min(x.n, s + o.batchSize);
      const step = opt.deep.stepCount + 1;
      sum += (await trainBatch(model, opt, x, s, e, step, hash32(o.seed, keyOf("dropout"), step))) * (e - s);
    }
    const trainSeconds = (performance.now() - t1) / 1000;
    const v = valid.n > 0 ? auc(valid.label, await predict(model, valid)) : NaN;
    const rec: EpochRecord = { epoch, loss: sum / Math.max(1, x.n), valid: Number.isFinite(v) ? v : null, seconds: (performance.now() - t0) / 1000, samplesPerSecond: x.n / Math.max(trainSeconds, 1e-9) };
    log.epochs.push(rec);
    if (rec.valid !== null && rec.valid > bestOf()) log.bestEpoch = epoch;
    await saveModel(base(h.workDir, epoch), model, opt);
    await writeFileAtomic(statePath, JSON.stringify(log)); // names the checkpoint only once it is complete
    for (let e = 1; e < epoch; e++) if (e !== log.bestEpoch) removeModel(base(h.workDir, e));
    h.progress(epoch, o.epochs, `epoch ${epoch}: loss ${rec.loss.toFixed(4)}, valid auc ${rec.valid?.toFixed(4) ?? "n/a"}`);
    h.log(`epoch ${epoch}: loss ${rec.loss.toFixed(5)}, valid auc ${rec.valid?.toFixed(4) ?? "n/a"}, ${Math.round(rec.samplesPerSecond)} samples/s (${rec.seconds.toFixed(1)} s)`);
  }
  const last = log.epochs.length;
  if (log.bestEpoch > 0 && log.bestEpoch !== last) {
    await loadModel(base(h.workDir, log.bestEpoch), model);
    h.log(`restored epoch ${log.bestEpoch} (best valid auc ${bestOf().toFixed(4)})`);
  }
  return log;
}
