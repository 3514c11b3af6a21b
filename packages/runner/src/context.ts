/**
 * Builds the StageContext a stage's run() receives (artifact access, progress, logs, metrics,
 * backend) and holds the stage contract: a stage reads only inputs it declared, of the kind it
 * asks for, writes only outputs it declared, and writes all of them. The runner and
 * `runStage` in `@shortlist/runner/testing` both go through here, so a plugin's unit test
 * fails where a pipeline would.
 */
import type { Backend } from "@shortlist/core-gpu";
import type { Artifact, BlobArtifact, Matrix, Table } from "./artifacts.ts";
import type { ClusterHandle, StageContext } from "./plugin.ts";
import type { PlannedStage } from "./plan.ts";
import type { ProgressReporter } from "./progress.ts";

/** What a stage's progress and log calls go to (the run's reporter, or a test's collector). */
export type StageProgress = Pick<ProgressReporter, "update" | "log">;

export interface ContextDeps {
  stage: PlannedStage;
  runDir: string;
  pipelineDir: string;
  pipelineName: string;
  seed: number;
  signal: AbortSignal;
  progress: StageProgress;
  load(artifactName: string): Promise<Artifact>;
  backend(): Promise<Backend>;
  /** Receives ctx.recordPublished (the last call wins). */
  onPublished?(receipt: unknown): void;
  /** Opens the stage's work folder (see StageContext.workDir). */
  workDir(): string;
  /** The run's workers, bound to this stage by the runner (see StageContext.cluster). */
  cluster?: ClusterHandle;
}

/**
 * @example
 * const outputs = new Map<string, Artifact>(), metrics = {};
 * await stage.def.run(createContext(deps, outputs, metrics), stage.options);
 * checkOutputsWritten(stage, outputs);
 */
export function createContext(d: ContextDeps, outputs: Map<string, Artifact>, metrics: Record<string, number>): StageContext {
  const { stage } = d;
  const id = stage.config.id;
  const actualInput = (name: string): string => {
    const actual = stage.inputs.get(name);
    if (actual === undefined) {
      const declared = [...stage.inputs.keys()];
      throw new Error(`stage ${id} read input "${name}", which it did not declare or which no earlier stage produced (available: ${declared.join(", ") || "none"})`);
    }
    return actual;
  };
  const typed = async <A extends Artifact>(name: string, kind: A["kind"]): Promise<A> => {
    const a = await d.load(actualInput(name));
    if (a.kind !== kind) throw new Error(`input "${name}" of stage ${id} is a ${a.kind}, expected a ${kind}`);
    return a as A;
  };
  return {
    stage: id,
    runDir: d.runDir,
    pipelineDir: d.pipelineDir,
    pipelineName: d.pipelineName,
    seed: d.seed,
    signal: d.signal,
    has: (name) => stage.inputs.has(name),
    input: (name) => d.load(actualInput(name)),
    table: (name) => typed<Table>(name, "table"),
    matrix: (name) => typed<Matrix>(name, "matrix"),
    json: async <T>(name: string) => (await typed<{ kind: "json"; value: unknown }>(name, "json")).value as T,
    blob: (name) => typed<BlobArtifact>(name, "blob"),
    output: (name, artifact) => {
      if (!stage.outputs.has(name)) throw new Error(`stage ${id} wrote output "${name}", which it did not declare (declared: ${[...stage.outputs.keys()].join(", ") || "none"})`);
      outputs.set(name, artifact);
    },
    progress: (done, total, note) => d.progress.update(done, total, note),
    log: (m) => d.progress.log(m),
    metrics: {
      record: (name, value) => {
        metrics[name] = value;
      },
    },
    gpu: d.backend,
    recordPublished: (receipt) => d.onPublished?.(receipt),
    workDir: () => d.workDir(),
    cluster: d.cluster,
  };
}

/**
 * Throws unless a finished stage wrote every output it declared.
 * @example checkOutputsWritten(stage, outputs) // after `await stage.def.run(ctx, stage.options)`
 */
export function checkOutputsWritten(stage: PlannedStage, outputs: ReadonlyMap<string, Artifact>): void {
  const missing = [...stage.outputs.keys()].filter((n) => !outputs.has(n));
  if (missing.length) throw new Error(`stage did not produce its declared output(s): ${missing.join(", ")}`);
}
