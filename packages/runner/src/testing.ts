/**
 * Runs one stage of a plugin outside a pipeline, for plugin unit tests.
 * @example
 * const { outputs, metrics } = await runStage(plugin, "recall.itemcf", { inputs: { "split.train": t }, options: { neighbours: 5 } });
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Backend } from "@shortlist/core-gpu";
import type { Artifact, BlobArtifact, Matrix, Table } from "./artifacts.ts";
import type { Plugin, StageContext } from "./plugin.ts";
import { UserError } from "./errors.ts";

export interface RunStageResult {
  outputs: Record<string, Artifact>;
  metrics: Record<string, number>;
  logs: string[];
  /** What the stage passed to ctx.recordPublished (a sink's receipt for verifyPublished). */
  published?: unknown;
}

export async function runStage(
  plugin: Plugin,
  stageName: string,
  opts: {
    inputs?: Record<string, Artifact>;
    options?: unknown;
    seed?: number;
    backend?: Backend;
    pipelineDir?: string;
    /** ctx.signal (default: one that never aborts). */
    signal?: AbortSignal;
    /** Receives ctx.progress calls. */
    progress?: StageContext["progress"];
  } = {},
): Promise<RunStageResult> {
  const def = plugin.stages[stageName];
  if (!def) throw new Error(`plugin ${plugin.name} has no stage ${stageName}`);
  const parsed = def.options.safeParse(opts.options ?? {});
  if (!parsed.success) throw new UserError(`options of ${stageName}: ${parsed.error.message}`);
  const options = parsed.data;
  const inputs = opts.inputs ?? {};
  const outputs: Record<string, Artifact> = {};
  const metrics: Record<string, number> = {};
  const logs: string[] = [];
  let published: unknown;
  const get = (name: string): Artifact => {
    const a = inputs[name];
    if (!a) throw new Error(`test input "${name}" not given`);
    return a;
  };
  let backend = opts.backend;
  const ctx: StageContext = {
    stage: stageName,
    runDir: mkdtempSync(join(tmpdir(), "shortlist-stage-")),
    pipelineDir: opts.pipelineDir ?? process.cwd(),
    pipelineName: "test",
    seed: opts.seed ?? 42,
    signal: opts.signal ?? new AbortController().signal,
    has: (n) => n in inputs,
    input: async (n) => get(n),
    table: async (n) => get(n) as Table,
    matrix: async (n) => get(n) as Matrix,
    json: async (n) => (get(n) as { value: any }).value,
    blob: async (n) => get(n) as BlobArtifact,
    output: (n, a) => {
      outputs[n] = a;
    },
    progress: opts.progress ?? (() => {}),
    log: (m) => logs.push(m),
    metrics: { record: (n, v) => void (metrics[n] = v) },
    gpu: async () => {
      if (!backend) {
        const { createBackend } = await import("@shortlist/core-gpu");
        backend = await createBackend("cpu");
      }
      return backend;
    },
    recordPublished: (r) => void (published = r),
  };
  await def.run(ctx, options);
  return { outputs, metrics, logs, published };
}

/**
 * Runs one stage and stops it (aborts ctx.signal) at its first progress report, as Ctrl-C would:
 * a stage that honours ctx.signal rejects with the abort's reason ("stopped by the test").
 * @example
 * const { error, reports } = await runStageStopped(plugin, "recall.itemcf", { inputs: { "split.train": t } });
 * expect(error?.message).toBe("stopped by the test");
 */
export async function runStageStopped(
  plugin: Plugin,
  stageName: string,
  opts: { inputs?: Record<string, Artifact>; options?: unknown; backend?: Backend } = {},
): Promise<{ error: Error | undefined; reports: number }> {
  const ac = new AbortController();
  let reports = 0;
  const error = await runStage(plugin, stageName, {
    ...opts,
    signal: ac.signal,
    progress: () => void (reports++ === 0 && ac.abort(new Error("stopped by the test"))),
  }).then(() => undefined, (e: Error) => e);
  return { error, reports };
}
