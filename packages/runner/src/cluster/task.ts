/**
 * Shard tasks: the part of a stage's work that a `shortlist worker` can do anywhere. A plugin lists
 * them beside its stages (`tasks: { cooccurrence: … }`); a stage hands one to `ctx.cluster.map`,
 * which splits [0, total) into ranges, one job each, and merges the parts in range order. A task
 * must give each range's part from the input alone (never from which worker, or how many), so the
 * merged result is byte-identical to the single-process one.
 */
import type { Backend } from "@shortlist/core-gpu";
import type { Frame } from "./frame.ts";

/** One shard: units [from, to) of the call's total, the `index`-th of `count`. */
export interface ShardRange {
  index: number;
  count: number;
  from: number;
  to: number;
}

export interface TaskEnv {
  /** The worker's numeric backend (one per worker process, like a run's). */
  backend(): Promise<Backend>;
  /** Aborted when the coordinator cancels the run (Ctrl-C) or the worker is told to stop at once. */
  signal: AbortSignal;
  /** Units of this shard done so far. */
  progress(done: number): void;
}

export interface ShardTask {
  /** Computes one range's part of the work `input` describes. */
  run(input: Frame, shard: ShardRange, env: TaskEnv): Promise<Frame> | Frame;
  /** Joins the parts in range order (default: concatFrames, every array concatenated). */
  merge?(parts: Frame[]): Frame;
}

/**
 * Splits [0, total) into `count` contiguous ranges of near-equal size (fewer when total is small).
 * @example splitRanges(10, 3) // [{index: 0, count: 3, from: 0, to: 4}, {…, from: 4, to: 7}, {…, from: 7, to: 10}]
 */
export function splitRanges(total: number, count: number): ShardRange[] {
  const n = Math.max(1, Math.min(count, total));
  const out: ShardRange[] = [];
  for (let i = 0; i < n; i++) out.push({ index: i, count: n, from: Math.floor((total * i) / n), to: Math.floor((total * (i + 1)) / n) });
  return out;
}

/** Declares a task with its types checked. @example tasks: { cooccurrence: defineTask({ run: (input, r) => … }) } */
export function defineTask(task: ShardTask): ShardTask {
  return task;
}
