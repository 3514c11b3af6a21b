import type { z } from "zod";
import type { Artifact, Matrix, Table, JsonArtifact, BlobArtifact } from "./artifacts.ts";
import type { Backend } from "@shortlist/core-gpu";
import type { StageDerive } from "./stage-derive.ts";
import type { Frame } from "./cluster/frame.ts";
import type { ShardTask } from "./cluster/task.ts";

/** The plugin API version this runner speaks. A plugin declaring another is refused. */
export const API_VERSION = 1;

export type StageKind = "source" | "features" | "recall" | "rank" | "tune" | "sink" | "eval";

/** Artifact names a stage reads or writes; a trailing "?" marks an optional input. May depend on the options. */
export type ArtifactNames<O> = readonly string[] | ((options: O) => readonly string[]);

export interface Progress {
  /** Reports `done` of `total` units (total may be omitted when unknown). Cheap: throttled by the runner. */
  (done: number, total?: number, note?: string): void;
}

export interface Metrics {
  /** Records a named metric of this stage (e.g. "recall@10"); it lands in metrics.json and the summary. */
  record(name: string, value: number): void;
}

/** A run's link to its `shortlist worker`s (`shortlist run --queue … --store …`); absent in one process. */
export interface ClusterHandle {
  /** Ranges a call is split into unless it says otherwise (`--shards`, default 8). */
  readonly shards: number;
  /**
   * Runs shard task `task` of this stage's plugin over [0, total) as BullMQ jobs (one per range, on
   * any worker) and returns the parts merged in range order. Progress and a cost line go to the stage.
   * @example const part = await ctx.cluster.map("cooccurrence", inputFrame, nItems, { unit: "items" })
   */
  map(task: string, input: Frame, total: number, o?: { shards?: number; unit?: string }): Promise<Frame>;
}

export interface StageContext {
  /** This stage's id in the pipeline (its `id`, else its `use`). */
  readonly stage: string;
  readonly runDir: string;
  /** Folder of the pipeline file: relative paths in options resolve against it. */
  readonly pipelineDir: string;
  readonly pipelineName: string;
  readonly seed: number;
  readonly signal: AbortSignal;
  /** True when the (declared, possibly optional) input exists in this run. */
  has(input: string): boolean;
  /** Reads a declared input, loading it from the run directory if it was produced by an earlier run. */
  input(name: string): Promise<Artifact>;
  table(name: string): Promise<Table>;
  matrix(name: string): Promise<Matrix>;
  json<T = unknown>(name: string): Promise<T>;
  blob(name: string): Promise<BlobArtifact>;
  /** Writes a declared output (atomically, after the stage succeeds). */
  output(name: string, artifact: Artifact): void;
  progress: Progress;
  log(message: string): void;
  metrics: Metrics;
  /** The numeric backend (created once per run, shared by stages). */
  gpu(): Promise<Backend>;
  /**
   * For a sink: what it wrote outside the run directory (a version, a key count, file hashes; no
   * secrets). Kept in manifest.json and handed to the stage's `verifyPublished` on the next run.
   */
  recordPublished(receipt: unknown): void;
  /**
   * A folder this stage may keep resumable work in (a checkpoint per epoch): the same folder when
   * the same stage (same plugin version, options, seed and inputs) runs again after a crash,
   * emptied when any of those change, removed once the stage succeeds. Created on first call.
   * @example const ckpt = join(ctx.workDir(), `epoch-${e}.safetensors`)
   */
  workDir(): string;
  /**
   * Present when the run coordinates workers: a stage whose plugin declares shard `tasks` may send
   * its heavy part there, and must give the same bytes as its single-process path.
   */
  readonly cluster?: ClusterHandle;
}

/** Where a stage may write besides its artifacts: for `writesTo`. */
export interface StagePaths {
  runDir: string;
  pipelineDir: string;
}

export interface StageDef<S extends z.ZodType = z.ZodType> {
  kind: StageKind;
  /** One line that `shortlist plugins` prints. */
  description: string;
  /** Option schema with defaults: the only place an option is documented (use .describe()). */
  options: S;
  inputs: ArtifactNames<z.output<S>>;
  outputs: ArtifactNames<z.output<S>>;
  run(ctx: StageContext, options: z.output<S>): Promise<void> | void;
  /**
   * Sinks only. A sink's output lives outside the run directory (a Redis database, a folder), where
   * it can vanish without the runner knowing, so a sink reruns on every run unless it implements
   * this: given what its last run recorded with `ctx.recordPublished`, return true when the
   * destination still holds exactly that, or a reason it does not (logged; the sink reruns). Only
   * asked when options and inputs are unchanged.
   * @example verifyPublished: async (ctx, o, r) => (await pointerOf(o)) === r.version || "pointer moved"
   */
  verifyPublished?(ctx: StageContext, options: z.output<S>, receipt: unknown): Promise<true | string> | true | string;
  /**
   * Folders outside `artifacts/` this stage writes files into (a sink's export folder). Before the
   * run starts, the runner removes temporary files a killed run left there (`.<name>.tmp-<pid>-<n>`
   * from `writeAtomically`, whose pid is gone).
   * @example writesTo: (o, { runDir }) => [o.dir ?? join(runDir, "export")]
   */
  writesTo?(options: z.output<S>, paths: StagePaths): readonly string[];
  /**
   * Stages that talk to a service (a sink's database). Called for every stage of a run before its
   * first stage runs, and by `shortlist validate --services`, so a wrong port or password fails in
   * seconds rather than after all the compute. Connect, authenticate and ping with a short timeout,
   * touch nothing; throw a UserError naming the address (never the password) and the cause.
   * Returns what it checked, for `validate --services` to print.
   * @example checkServices: async (o) => { await ping(o.url); return `Redis at ${hostOf(o.url)}`; }
   */
  checkServices?(options: z.output<S>): Promise<string | void> | string | void;
  /**
   * Sources: the files and folders the options name, which must exist before anything runs
   * (`shortlist validate` and `run` check them, so a wrong path fails at once with the option's
   * line, not after earlier stages' compute). One problem per missing or wrong path; `checkPath`
   * builds them.
   * @example checkPaths: (o, dir) => [checkPath(["path"], o.path, dir, "folder")].filter((p) => p !== undefined)
   */
  checkPaths?(options: z.output<S>, pipelineDir: string): readonly PathProblem[];
  /**
   * Optional: how outputs cached at other options give this stage's outputs without running it
   * (a top-50 neighbour list from a top-800 one). Used by `shortlist tune`; see stage-derive.ts.
   */
  derive?: StageDerive<z.output<S>>;
}

/** An option naming a file or folder that is not there (from a stage's `checkPaths`). */
export interface PathProblem {
  /** Where the option is inside the stage's `with:`, e.g. ["interactions", "path"]. */
  option: readonly (string | number)[];
  problem: string;
  expected?: string;
  fix?: string;
}

export interface Plugin {
  name: string;
  version: string;
  apiVersion: number;
  stages: Record<string, StageDef<any>>;
  /** Work a `shortlist worker` can do for this plugin's stages (see ClusterHandle.map and cluster/task.ts). */
  tasks?: Record<string, ShardTask>;
}

/** Declares one stage with its options type inferred from the schema. */
export function defineStage<S extends z.ZodType>(def: StageDef<S>): StageDef<S> {
  return def;
}

/**
 * Declares a plugin: a default export of a plugin module.
 * @example
 * export default definePlugin({
 *   name: "my-plugin", version: "1.0.0", apiVersion: API_VERSION,
 *   stages: { "my.stage": defineStage({ kind: "features", description: "…", options: z.object({}),
 *     inputs: ["interactions"], outputs: ["my.table"], run: async (ctx) => { … } }) },
 * });
 */
export function definePlugin<P extends Plugin>(plugin: P): P {
  return plugin;
}

export type { Artifact, Matrix, Table, JsonArtifact, BlobArtifact };
