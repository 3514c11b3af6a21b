/**
 * Runs one stage of a plugin outside a pipeline, for plugin unit tests. The stage gets the
 * context a pipeline gives it (`createContext`), so the contract is held as in a run: options are
 * checked against the schema (an unknown option is refused), the stage may read only inputs it
 * declares, as the kind of artifact it asks for, and must write every output it declares and no
 * other. A unit test passes only where the same stage would pass in a pipeline.
 * @example
 * const { outputs, metrics } = await runStage(plugin, "recall.itemcf", { inputs: { "split.train": t }, options: { neighbours: 5 } });
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Backend } from "@shortlist/core-gpu";
import type { Artifact } from "./artifacts.ts";
import { ConfigError } from "./config/config-error.ts";
import { checkOutputsWritten, createContext } from "./context.ts";
import { UserError } from "./errors.ts";
import { names, parseOptions, type PlannedStage } from "./plan.ts";
import type { Plugin, StageContext } from "./plugin.ts";

export { randomInteractions } from "./random-interactions.ts";
export { seededRandom } from "@shortlist/core-gpu/random";
export { freePort, startRedisServer, waitForPong, type RedisServer } from "./redis-server.ts";
export { startWorkerProcess, type WorkerProcess } from "./cluster/testing/worker-processes.ts";
export { filesUnder, jobsLeft, outputHashes } from "./cluster/testing/cluster-fixture.ts";
export { startWorker, type RunningWorker } from "./cluster/worker.ts";

export interface RunStageResult {
  outputs: Record<string, Artifact>;
  metrics: Record<string, number>;
  logs: string[];
  /** What the stage passed to ctx.recordPublished (a sink's receipt for verifyPublished). */
  published?: unknown;
}

/**
 * The stage as the planner would plan it: options parsed, inputs the test gives among those the
 * stage declares, every declared output expected.
 */
function planStage(plugin: Plugin, stageName: string, given: Record<string, Artifact>, rawOptions: unknown): PlannedStage {
  const def = plugin.stages[stageName];
  if (!def) throw new Error(`plugin ${plugin.name} has no stage ${stageName} (it has: ${Object.keys(plugin.stages).join(", ")})`);
  const config = {
    index: 0, use: stageName, id: stageName, with: (rawOptions ?? {}) as Record<string, unknown>, inputs: {}, outputs: {},
    where: () => ({ file: `runStage(${stageName})`, line: 1, col: 1 }),
  };
  let options: unknown;
  try {
    options = parseOptions(config, def);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new UserError(`options of ${stageName}: ${e.path.replace(/^stages\[0\]\.with\.?/, "")}: ${e.problem}${e.expected ? ` (expected ${e.expected})` : ""}`);
  }
  const inputs = new Map<string, string>();
  for (const raw of names(def.inputs, options)) {
    const declared = raw.replace(/\?$/, "");
    if (declared in given) inputs.set(declared, declared);
  }
  const outputs = new Map(names(def.outputs, options).map((n) => [n, n]));
  return { config, plugin, def, options, inputs, outputs };
}

/**
 * Runs `stageName` of `plugin` on the given input artifacts and options, on the CPU backend
 * unless one is given; rejects as the stage would in a pipeline (see the module comment).
 * @example
 * const { outputs } = await runStage(plugin, "recall.itemcf", { inputs: { "split.train": t }, options: { neighbours: 5 } });
 * expect(outputs["i2i.itemcf"]?.kind).toBe("table");
 */
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
    /** ctx.workDir() (default: a fresh temporary folder); give the same one twice to test resume. */
    workDir?: string;
  } = {},
): Promise<RunStageResult> {
  const given = opts.inputs ?? {};
  const stage = planStage(plugin, stageName, given, opts.options);
  const outputs = new Map<string, Artifact>();
  const metrics: Record<string, number> = {};
  const logs: string[] = [];
  let published: unknown;
  let backend = opts.backend;
  const runDir = mkdtempSync(join(tmpdir(), "shortlist-stage-"));
  const ctx = createContext(
    {
      stage,
      runDir,
      pipelineDir: opts.pipelineDir ?? process.cwd(),
      pipelineName: "test",
      seed: opts.seed ?? 42,
      signal: opts.signal ?? new AbortController().signal,
      progress: { update: opts.progress ?? (() => {}), log: (m) => void logs.push(m) },
      load: async (name) => {
        const a = given[name];
        if (!a) throw new Error(`test input "${name}" not given`);
        return a;
      },
      backend: async () => {
        if (!backend) {
          const { createBackend } = await import("@shortlist/core-gpu");
          backend = await createBackend("cpu");
        }
        return backend;
      },
      onPublished: (r) => void (published = r),
      workDir: () => {
        const dir = opts.workDir ?? join(runDir, "work");
        mkdirSync(dir, { recursive: true });
        return dir;
      },
    },
    outputs,
    metrics,
  );
  await stage.def.run(ctx, stage.options);
  checkOutputsWritten(stage, outputs);
  return { outputs: Object.fromEntries(outputs), metrics, logs, published };
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
  opts: { inputs?: Record<string, Artifact>; options?: unknown; backend?: Backend; workDir?: string } = {},
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
