/**
 * The epoch loop every learned stage shares (recall.simplex, recall.twotower, rank.widedeep):
 * train one epoch, validate, checkpoint, stop early after `patience` epochs without improvement,
 * restore the best epoch. Every finished epoch leaves a checkpoint folder and a small state file in
 * ctx.workDir(), so a run killed mid-training resumes at its last finished epoch and ends exactly
 * where the uninterrupted run would (the model's trainEpoch(epoch) must draw its shuffle, negatives
 * and dropout from (seed, epoch) or its own restored state alone).
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { StageContext } from "./plugin.ts";
import { writeFileAtomic } from "./store/atomic.ts";

/** What the loop drives: one model with its optimiser. */
export interface EpochModel {
  /**
   * One pass over the training data (seeded shuffle inside, keyed by `epoch`); mean loss, rows seen
   * and, when only part of the call is training (a shuffle's copy before it), the seconds of that
   * part for samples/s (default: the whole call).
   */
  trainEpoch(epoch: number): Promise<{ loss: number; samples: number; seconds?: number }>;
  /** The validation metric of the current parameters, higher is better; NaN when there is none. */
  validate(): Promise<number>;
  /** Writes parameters and optimiser state (saveTraining) into the folder `dir`, which fit creates. */
  save(dir: string): Promise<void>;
  /** Restores what save wrote to `dir`. */
  load(dir: string): Promise<void>;
}

/** What fit uses of the stage context. */
export type FitContext = Pick<StageContext, "workDir" | "log" | "progress" | "signal" | "metrics">;

export interface FitOptions {
  /** Most epochs to train (≥ 1). */
  epochs: number;
  /** Stop after this many epochs without a better validation metric (0: never stop early). */
  patience: number;
  /** Name of the validation metric, e.g. "ndcg@10" (for logs and the report). */
  metric: string;
  /** The algorithm, e.g. "simplex": names the training.<algo> artifact. */
  algo: string;
}

/** One epoch of the training.<algo> json artifact. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  valid: number | null;
  seconds: number;
  samplesPerSecond: number;
}

/** The training.<algo> json artifact the report draws. */
export interface TrainingLog {
  algo: string;
  metric: string;
  /** Epoch (1-based) whose parameters the model holds after fit(); 0 when no epoch validated. */
  bestEpoch: number;
  epochs: EpochRecord[];
}

const STATE = "fit-state.json";
/** Epoch e's checkpoint folder. */
const checkpointName = (epoch: number): string => `epoch-${epoch}`;

interface FitState {
  log: TrainingLog;
  best: number;
  /** Epochs since the best one. */
  stale: number;
}

/**
 * Trains `model` epoch by epoch, resuming from ctx.workDir() where an earlier attempt of the same
 * stage run stopped, and leaves it holding the best epoch's parameters.
 * @example
 * const log = await fit(ctx, model, { epochs: 50, patience: 5, metric: "ndcg@10", algo: "simplex" });
 * ctx.output("training.simplex", json(log));
 */
export async function fit(ctx: FitContext, model: EpochModel, o: FitOptions): Promise<TrainingLog> {
  const dir = ctx.workDir();
  const state = readState(dir, o) ?? { log: { algo: o.algo, metric: o.metric, bestEpoch: 0, epochs: [] }, best: -Infinity, stale: 0 };
  const done = state.log.epochs.length;
  if (done > 0) {
    await model.load(join(dir, checkpointName(done)));
    ctx.log(`resuming ${o.algo} after epoch ${done} (checkpoint in ${dir})`);
  }
  for (let epoch = done + 1; epoch <= o.epochs && !(o.patience > 0 && state.stale >= o.patience); epoch++) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const started = performance.now();
    const trained = await model.trainEpoch(epoch);
    const { loss, samples } = trained;
    const valid = await model.validate();
    const seconds = (performance.now() - started) / 1000;
    const training = trained.seconds ?? seconds;
    const record: EpochRecord = { epoch, loss, valid: Number.isFinite(valid) ? valid : null, seconds, samplesPerSecond: training > 0 ? samples / training : 0 };
    state.log.epochs.push(record);
    // Without a validation metric (no validation split) every epoch is kept and none is "best".
    if (record.valid !== null && record.valid > state.best) {
      state.best = record.valid;
      state.log.bestEpoch = epoch;
      state.stale = 0;
    } else if (record.valid !== null) state.stale++;
    // The checkpoint first, then the state naming it: a crash in between resumes one epoch earlier.
    mkdirSync(join(dir, checkpointName(epoch)), { recursive: true });
    await model.save(join(dir, checkpointName(epoch)));
    await writeFileAtomic(join(dir, STATE), JSON.stringify(state));
    prune(dir, epoch, state.log.bestEpoch);
    const shown = record.valid === null ? "" : `, valid ${o.metric} ${record.valid.toFixed(4)}`;
    ctx.progress(epoch, o.epochs, `epoch ${epoch}: loss ${loss.toFixed(4)}${shown}`);
    ctx.log(`${o.algo} epoch ${epoch}: loss ${loss.toFixed(5)}, ${Math.round(record.samplesPerSecond)} samples/s${shown} (${seconds.toFixed(1)} s)`);
  }
  const last = state.log.epochs.length;
  if (state.log.bestEpoch > 0 && state.log.bestEpoch !== last) {
    await model.load(join(dir, checkpointName(state.log.bestEpoch)));
    ctx.log(`${o.algo}: restored epoch ${state.log.bestEpoch} (best valid ${o.metric} ${state.best.toFixed(4)})`);
  }
  // "ndcg@10" → "valid_ndcg_at_10": a name without "@K", so the report does not take the stage for an evaluation of the test split.
  if (state.log.bestEpoch > 0) ctx.metrics.record(`valid_${o.metric.replace("@", "_at_")}`, state.best);
  return state.log;
}

/** The state an earlier attempt left, if it trained the same algorithm and metric. */
function readState(dir: string, o: FitOptions): FitState | undefined {
  const path = join(dir, STATE);
  if (!existsSync(path)) return undefined;
  const s = JSON.parse(readFileSync(path, "utf8")) as FitState;
  if (s.log.algo !== o.algo || s.log.metric !== o.metric || s.log.epochs.length > o.epochs) return undefined;
  if (!existsSync(join(dir, checkpointName(s.log.epochs.length)))) return undefined;
  s.best = s.log.bestEpoch > 0 ? (s.log.epochs[s.log.bestEpoch - 1]?.valid ?? -Infinity) : -Infinity;
  return s;
}

/** Keeps only the checkpoints a resume or the final restore can need: the last and the best. */
function prune(dir: string, last: number, best: number): void {
  for (let e = last - 1; e >= 1; e--) {
    if (e !== best) rmSync(join(dir, checkpointName(e)), { recursive: true, force: true });
  }
}
