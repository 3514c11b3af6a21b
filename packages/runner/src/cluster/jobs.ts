/**
 * What travels in a job: the names of things, never the data (that is in the shared store).
 * A sharded call is one BullMQ flow: a "merge" parent whose "shard" children each compute one
 * range; the parent runs when every child has completed and joins their parts.
 */
import type { ShardRange } from "./task.ts";

export interface JobCommon {
  /** The coordinator's run id: every job id starts with it, so runs on one queue never mix. */
  run: string;
  /** The stage the work is for (messages). */
  stage: string;
  /** The plugin that declares the task, as workers load it: a package name, an absolute path, or "builtin". */
  plugin: string;
  task: string;
  /** The shared store (a directory every machine mounts at this path, or s3://…); a worker's --store overrides it. */
  store: string;
  /** Store namespace of this call: its input, parts and merged result. */
  ns: string;
  /** The numeric backend the pipeline asked for. */
  backend: "auto" | "cpu" | "webgpu";
}

export interface ShardJob extends JobCommon {
  input: string;
  shard: ShardRange;
}

export interface MergeJob extends JobCommon {
  shards: number;
}

/** What a shard job returns (kept in its parent by BullMQ). */
export interface ShardResult {
  index: number;
  key: string;
  bytes: number;
  /** Bytes of the input it read from the store (0 when the worker had it cached). */
  inputBytes: number;
  /** Seconds computing, and reading/writing the store. */
  seconds: number;
  ioSeconds: number;
  units: number;
  worker: string;
}

/** What the merge job returns. */
export interface MergeResult {
  key: string;
  bytes: number;
  seconds: number;
  worker: string;
  shards: ShardResult[];
}

/** A failure the user must fix (bad input): never retried; the coordinator rethrows it as a UserError. */
export const USER_ERROR_PREFIX = "UserError: ";
export const CANCELLED_PREFIX = "cancelled: ";

/** The Redis pub/sub channel on which a coordinator cancels active jobs: the message is a job-id prefix (a run, or a run's call). */
export const cancelChannel = (queue: string) => `shortlist:${queue}:cancel`;

/** Job ids: `<run>-<call>-<shard>` and `<run>-<call>-merge` (BullMQ ids may not contain ":"). */
export const shardJobId = (run: string, call: number, index: number) => `${run}-${call}-${index}`;
export const mergeJobId = (run: string, call: number) => `${run}-${call}-merge`;
